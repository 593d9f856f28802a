/**
 * The redraw mask: what the user painted, kept as strokes in the image's own pixels (so undo is just
 * dropping the last step) and turned into the mask the server takes: an 8-bit grayscale PNG of the
 * image's natural size, white where the picture is redrawn and black where it is kept.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Stroke {
  points: Point[];
  /** Brush diameter in image pixels. */
  size: number;
  /** The eraser takes paint away. */
  erase: boolean;
}

/** Painting history: every step (a stroke or «Очистить») can be undone, the oldest dropped past the limit. */
export interface MaskHistory {
  strokes: Stroke[];
  past: Stroke[][];
}

export const HISTORY_LIMIT = 30;
export const emptyHistory: MaskHistory = { strokes: [], past: [] };

const step = (history: MaskHistory, strokes: Stroke[]): MaskHistory => ({
  strokes,
  past: [...history.past, history.strokes].slice(-HISTORY_LIMIT),
});

export const addStroke = (history: MaskHistory, stroke: Stroke): MaskHistory => step(history, [...history.strokes, stroke]);

export const clearStrokes = (history: MaskHistory): MaskHistory => (history.strokes.length ? step(history, []) : history);

export function undo(history: MaskHistory): MaskHistory {
  if (!history.past.length) return history;
  return { strokes: history.past[history.past.length - 1], past: history.past.slice(0, -1) };
}

/**
 * The mask's pixels (row-major, 255 = redraw, 0 = keep): each stroke is a chain of round-capped
 * segments, as the canvas draws it; a pixel belongs to it when its centre is within the brush radius.
 */
export function rasterizeMask(strokes: Stroke[], width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (const stroke of strokes) {
    const value = stroke.erase ? 0 : 255;
    const r = stroke.size / 2;
    const points = stroke.points.length === 1 ? [stroke.points[0], stroke.points[0]] : stroke.points;
    for (let i = 1; i < points.length; i++) paintSegment(pixels, width, height, points[i - 1], points[i], r, value);
  }
  return pixels;
}

function paintSegment(pixels: Uint8Array, width: number, height: number, a: Point, b: Point, r: number, value: number) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - r));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + r));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - r));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + r));
  const r2 = r * r;
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const t = length2 ? Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2)) : 0;
      const ex = px - (a.x + t * dx);
      const ey = py - (a.y + t * dy);
      if (ex * ex + ey * ey <= r2) pixels[y * width + x] = value;
    }
  }
}

/** True when at least one pixel is to be redrawn (the eraser may have taken everything away). */
export const hasPaint = (pixels: Uint8Array): boolean => pixels.some((v) => v !== 0);
