import type { ReactNode } from 'react';
import { LIMITS } from '../../api/limits';
import { descriptionLength } from '../lib/text';
import { Field } from '../ui/Field';

interface PromptFieldProps {
  label: string;
  hint: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  placeholder?: string;
  /** Show the count («12 / 1000»). Either way the text may run past the limit for the page's check to
   * name: a textarea's maxLength counts UTF-16 units, so it would stop an emoji-rich text the server
   * (code points after NFC) accepts. */
  counted?: boolean;
}

/** The Russian description of what to draw (`prompt_ru`), counted as the API counts it. */
export function PromptField({ label, hint, error, value, onChange, rows, placeholder, counted = false }: PromptFieldProps) {
  const { max } = LIMITS.prompt;
  const length = descriptionLength(value); // as the server counts: an emoji is one character
  const counter = counted ? (
    <span className={`counter${length > max ? ' counter--over' : ''}`} data-testid="prompt-counter">
      {length} / {max}
    </span>
  ) : undefined;
  return (
    <Field label={label} error={error} aside={counter} hint={hint}>
      <textarea
        className="input textarea"
        name="prompt_ru"
        rows={rows}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
