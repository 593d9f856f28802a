import { useId } from 'react';
import type { Sheet } from './sheet';

/** The page as it will print: paper, each picture clipped to its shape, the cut line (mm units). */
export function SheetPreview({ sheet, image, cutLine, lighten }: { sheet: Sheet; image: string; cutLine: boolean; lighten: number }) {
  const id = useId();
  const round = sheet.shape === 'circle';
  return (
    <svg
      className="printing__sheet"
      viewBox={`0 0 ${sheet.width} ${sheet.height}`}
      role="img"
      aria-label={`Лист ${Math.round(sheet.width)}×${Math.round(sheet.height)} мм`}
      data-testid="sheet-preview"
      style={{ aspectRatio: `${sheet.width} / ${sheet.height}` }}
    >
      <rect width={sheet.width} height={sheet.height} fill="#fff" stroke="#ccc" strokeWidth={0.5} />
      {sheet.tops.map((top, i) => {
        const p = top.picture;
        const clip = `${id}-${i}`;
        return (
          <g key={i}>
            <clipPath id={clip}>
              {round ? <circle cx={p.x + p.width / 2} cy={p.y + p.height / 2} r={p.width / 2} /> : <rect x={p.x} y={p.y} width={p.width} height={p.height} />}
            </clipPath>
            <image
              href={image}
              x={p.x}
              y={p.y}
              width={p.width}
              height={p.height}
              preserveAspectRatio="xMidYMid slice"
              clipPath={`url(#${clip})`}
              style={{ filter: lighten ? `brightness(${1 + lighten / 150})` : undefined }}
            />
            {cutLine ? (
              round ? (
                <circle cx={top.cut.x + top.cut.width / 2} cy={top.cut.y + top.cut.height / 2} r={top.cut.width / 2} fill="none" stroke="#777" strokeWidth={0.4} />
              ) : (
                <rect x={top.cut.x} y={top.cut.y} width={top.cut.width} height={top.cut.height} fill="none" stroke="#777" strokeWidth={0.4} />
              )
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
