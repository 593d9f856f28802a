import { useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type { Point, Stroke } from './mask';

interface MaskCanvasProps {
  src: string;
  alt: string;
  /** The picture's natural size: the canvas (and so the strokes) use its pixels. */
  width: number;
  height: number;
  strokes: Stroke[];
  size: number;
  erase: boolean;
  disabled?: boolean;
  onStroke: (stroke: Stroke) => void;
}

// A cool blue: it stands out on the warm, pink-and-cream pictures of cakes.
const PAINT = '#1d4ed8';

function drawStroke(context: CanvasRenderingContext2D, stroke: Stroke, from = 0) {
  const { points } = stroke;
  context.globalCompositeOperation = stroke.erase ? 'destination-out' : 'source-over';
  context.strokeStyle = PAINT;
  context.fillStyle = PAINT;
  context.lineWidth = stroke.size;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  if (points.length === 1) {
    context.beginPath();
    context.arc(points[0].x, points[0].y, stroke.size / 2, 0, Math.PI * 2);
    context.fill();
    return;
  }
  context.beginPath();
  const start = Math.max(0, from - 1);
  context.moveTo(points[start].x, points[start].y);
  for (let i = start + 1; i < points.length; i++) context.lineTo(points[i].x, points[i].y);
  context.stroke();
}

/**
 * The picture with a painting layer over it: pointer events (mouse, finger, pen) paint in a
 * semi-transparent colour; the layer is drawn from the strokes, so undo and clear simply redraw it.
 */
export function MaskCanvas({ src, alt, width, height, strokes, size, erase, disabled, onStroke }: MaskCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const active = useRef<Stroke | null>(null);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, width, height);
    for (const stroke of strokes) drawStroke(context, stroke);
  }, [strokes, width, height]);

  const pointOf = (event: ReactPointerEvent<HTMLCanvasElement>): Point => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / (box.width || 1)) * width,
      y: ((event.clientY - box.top) / (box.height || 1)) * height,
    };
  };

  const extend = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const stroke = active.current;
    if (!stroke) return;
    const from = stroke.points.length;
    // A fast pen or finger delivers several positions per frame: take them all for a smooth line.
    const native = event.nativeEvent;
    const events = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    if (events.length) {
      const box = event.currentTarget.getBoundingClientRect();
      for (const e of events) {
        stroke.points.push({ x: ((e.clientX - box.left) / (box.width || 1)) * width, y: ((e.clientY - box.top) / (box.height || 1)) * height });
      }
    } else {
      stroke.points.push(pointOf(event));
    }
    const context = canvas.current?.getContext('2d');
    if (context) drawStroke(context, stroke, from);
  };

  const finish = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const stroke = active.current;
    if (!stroke) return;
    active.current = null;
    if (event.currentTarget.hasPointerCapture?.(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    onStroke(stroke);
  };

  return (
    <div className="mask" style={{ aspectRatio: `${width} / ${height}` }}>
      <img className="mask__image" src={src} alt={alt} width={width} height={height} draggable={false} />
      <canvas
        ref={canvas}
        className={`mask__canvas${disabled ? ' mask__canvas--disabled' : ''}`}
        width={width}
        height={height}
        data-testid="mask-canvas"
        // Painting is by pointer only; the instruction above and the buttons below say what it does.
        aria-hidden="true"
        onPointerDown={(event) => {
          if (disabled || (event.pointerType === 'mouse' && event.button !== 0)) return;
          event.preventDefault();
          event.currentTarget.setPointerCapture?.(event.pointerId);
          active.current = { points: [pointOf(event)], size, erase };
          const context = canvas.current?.getContext('2d');
          if (context) drawStroke(context, active.current);
        }}
        onPointerMove={extend}
        onPointerUp={finish}
        onPointerCancel={finish}
      />
    </div>
  );
}
