import type { SelectHTMLAttributes } from 'react';

/** A filter's box: «Все» (value "": no filter) and one option per code of `labels`, in their order. */
export function LabelSelect({ labels, ...props }: { labels: Record<string, string> } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className="input" {...props}>
      <option value="">Все</option>
      {Object.entries(labels).map(([code, label]) => (
        <option key={code} value={code}>
          {label}
        </option>
      ))}
    </select>
  );
}
