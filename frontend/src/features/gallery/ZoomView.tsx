import { useRef, useState, type PointerEvent, type WheelEvent } from 'react';

const MIN = 1;
const MAX = 6;
const clamp = (value: number) => Math.min(MAX, Math.max(MIN, value));

interface View {
  scale: number;
  x: number;
  y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };

/** A picture that zooms (wheel, two-finger pinch, buttons) and pans (drag) inside its frame. */
export function ZoomView({ src, alt, width, height }: { src: string; alt: string; width: number; height: number }) {
  const [view, setView] = useState<View>(FIT);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<number | null>(null);

  const zoomBy = (factor: number) =>
    setView((v) => {
      const scale = clamp(v.scale * factor);
      return scale === 1 ? FIT : { scale, x: (v.x * scale) / v.scale, y: (v.y * scale) / v.scale };
    });

  function onWheel(event: WheelEvent) {
    zoomBy(Math.exp(-event.deltaY * 0.002));
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    pinch.current = null;
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const previous = pointers.current.get(event.pointerId);
    if (!previous) return;
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    const points = [...pointers.current.values()];
    if (points.length >= 2) {
      const distance = Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y);
      if (pinch.current) zoomBy(distance / pinch.current);
      pinch.current = distance;
      return;
    }
    const dx = event.clientX - previous.x;
    const dy = event.clientY - previous.y;
    setView((v) => (v.scale === 1 ? v : { ...v, x: v.x + dx, y: v.y + dy }));
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    pointers.current.delete(event.pointerId);
    pinch.current = null;
  }

  const percent = Math.round(view.scale * 100);
  return (
    <div className="zoom">
      <div
        className="zoom__stage"
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={() => (view.scale === 1 ? zoomBy(2) : setView(FIT))}
        data-testid="zoom-stage"
      >
        <img
          className="zoom__image"
          src={src}
          alt={alt}
          width={width}
          height={height}
          draggable={false}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
      <div className="zoom__controls" role="group" aria-label="Масштаб">
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => zoomBy(1 / 1.5)} disabled={view.scale <= MIN} aria-label="Уменьшить">
          −
        </button>
        <output className="zoom__level" aria-live="polite" data-testid="zoom-level">
          {percent}%
        </output>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => zoomBy(1.5)} disabled={view.scale >= MAX} aria-label="Увеличить">
          +
        </button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setView(FIT)} disabled={view.scale === 1}>
          Целиком
        </button>
      </div>
    </div>
  );
}
