import type { InscriptionInput } from '../../api/models';

/**
 * The live preview of an inscription on a canvas, drawn as the server draws it (adapters/inscriptions):
 * the cake top is the circle inscribed in the design, letters stay inside 88 % of its radius, an arc
 * sets them one by one along a circle. The server's picture is the final one.
 */
const SAFE_ZONE = 0.88;
const LINE_HEIGHT = { small: 0.07, medium: 0.1, large: 0.14 } as const;
const ARC_SPAN_MAX = (160 * Math.PI) / 180;
const SHRINK = 0.92;
const MIN_PX = 8;

export type InscriptionDraft = Required<Pick<InscriptionInput, 'text' | 'font' | 'color' | 'size' | 'placement'>> & {
  outline_color: string | null;
};

export function linesOf(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.split(/\s+/).filter(Boolean).join(' '))
    .filter(Boolean);
}

export function drawInscription(ctx: CanvasRenderingContext2D, draft: InscriptionDraft, fontFamily: string) {
  const { width, height } = ctx.canvas;
  const lines = linesOf(draft.text);
  if (!lines.length) return;
  const cx = width / 2;
  const cy = height / 2;
  const safe = (SAFE_ZONE * Math.min(width, height)) / 2;
  const arc = draft.placement === 'arc_top' || draft.placement === 'arc_bottom';
  ctx.save();
  ctx.fillStyle = draft.color;
  ctx.strokeStyle = draft.outline_color ?? 'transparent';
  ctx.lineJoin = 'round';
  let px = Math.max(MIN_PX, Math.round(LINE_HEIGHT[draft.size] * Math.min(width, height)));
  for (; px > MIN_PX; px = Math.max(MIN_PX, Math.floor(px * SHRINK))) {
    ctx.font = `${px}px "${fontFamily}"`;
    if (arc ? arcFits(ctx, lines, px, safe) : straightFits(ctx, lines, px, safe, draft.placement === 'bottom')) break;
  }
  ctx.font = `${px}px "${fontFamily}"`;
  ctx.lineWidth = draft.outline_color ? Math.max(1, Math.round(px * 0.06)) * 2 : 0;
  if (arc) drawArc(ctx, lines, px, safe, cx, cy, draft.placement === 'arc_top');
  else drawStraight(ctx, lines, px, cx, cy + (draft.placement === 'bottom' ? 0.5 * safe : 0));
  ctx.restore();
}

function straightFits(ctx: CanvasRenderingContext2D, lines: string[], px: number, safe: number, low: boolean): boolean {
  const w = Math.max(...lines.map((l) => ctx.measureText(l).width)) / 2;
  const h = (lines.length * px * 1.15) / 2;
  const dy = low ? 0.5 * safe : 0;
  return Math.hypot(w, Math.abs(dy) + h) <= safe;
}

function drawStraight(ctx: CanvasRenderingContext2D, lines: string[], px: number, cx: number, cy: number) {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const step = px * 1.15;
  lines.forEach((line, i) => {
    const y = cy + (i - (lines.length - 1) / 2) * step;
    if (ctx.lineWidth) ctx.strokeText(line, cx, y);
    ctx.fillText(line, cx, y);
  });
}

function radii(ctx: CanvasRenderingContext2D, lines: string[], px: number, safe: number): number[] {
  const widest = Math.max(...lines.flatMap((l) => [...l].map((c) => ctx.measureText(c).width)));
  const outer = Math.sqrt(Math.max(safe ** 2 - (widest / 2) ** 2, 0)) - (px * 1.2) / 2;
  return lines.map((_, i) => outer - i * px * 1.2 * 1.15);
}

function arcFits(ctx: CanvasRenderingContext2D, lines: string[], px: number, safe: number): boolean {
  return radii(ctx, lines, px, safe).every((r, i) => r > px && ctx.measureText(lines[i]).width / r <= ARC_SPAN_MAX);
}

function drawArc(ctx: CanvasRenderingContext2D, lines: string[], px: number, safe: number, cx: number, cy: number, top: boolean) {
  const rs = radii(ctx, lines, px, safe);
  if (!top) rs.reverse();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => {
    const r = Math.max(rs[i], px);
    const span = ctx.measureText(line).width / r;
    let angle = top ? -Math.PI / 2 - span / 2 : Math.PI / 2 + span / 2;
    const step = top ? 1 : -1;
    for (const char of line) {
      const half = ctx.measureText(char).width / 2 / r;
      angle += step * half;
      ctx.save();
      ctx.translate(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
      ctx.rotate(top ? angle + Math.PI / 2 : angle - Math.PI / 2);
      if (ctx.lineWidth) ctx.strokeText(char, 0, 0);
      ctx.fillText(char, 0, 0);
      ctx.restore();
      angle += step * half;
    }
  });
}
