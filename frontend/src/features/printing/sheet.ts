import type { PrintInput, PrintLayout } from '../../api/models';

/**
 * The print presets and the sheet preview's geometry. The server lays the page out
 * (domain/print_layout.py) and says the resolution it got; this mirrors its rules for the live preview
 * only: page size, where each cake top goes, and the resolution the design will have.
 */

export const A4 = { width: 210, height: 297 } as const;
export const LIMITS = {
  bleed: { min: 0, max: 5, default: 3 },
  margin: { min: 0, max: 10, default: 5 },
  lighten: { min: 0, max: 40, step: 5 },
  cupcakeGap: 3,
} as const;
export const PRINT_DPI = 300;

export interface Preset {
  id: string;
  label: string;
  layout: PrintLayout;
  diameter_mm?: number;
}

export const PRESETS: readonly Preset[] = [
  ...[16, 18, 20, 22, 24].map((cm) => ({ id: `round-${cm}`, label: `Круглый ${cm} см`, layout: 'round' as const, diameter_mm: cm * 10 })),
  { id: 'sheet', label: 'Лист A4', layout: 'sheet' },
  { id: 'cupcakes', label: 'Капкейки 6 см', layout: 'cupcakes', diameter_mm: 60 },
];

export interface Options {
  preset: Preset;
  bleed: number;
  margin: number;
  cutLine: boolean;
  lighten: number;
  format: 'pdf' | 'png' | 'jpeg';
}

export const DEFAULT_OPTIONS: Omit<Options, 'preset'> = {
  bleed: LIMITS.bleed.default,
  margin: LIMITS.margin.default,
  cutLine: true,
  lighten: 0,
  format: 'pdf',
};

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Sheet {
  width: number;
  height: number;
  shape: 'circle' | 'rect';
  /** Each cake top: the cut line and the picture (cut + bleed). */
  tops: { cut: Box; picture: Box }[];
  fit: boolean;
}

const grown = (b: Box, by: number): Box => ({ x: b.x - by, y: b.y - by, width: b.width + 2 * by, height: b.height + 2 * by });

/** A round cake that does not fit A4 with its bleed and margin gets a page of its own size (`fit`). */
export function fitsA4(diameter: number, bleed: number, margin: number): boolean {
  return diameter + 2 * (bleed + margin) <= A4.width;
}

export function sheetOf({ preset, bleed, margin }: Pick<Options, 'preset' | 'bleed' | 'margin'>): Sheet {
  if (preset.layout === 'sheet') {
    const picture = { x: margin, y: margin, width: A4.width - 2 * margin, height: A4.height - 2 * margin };
    return { ...A4, shape: 'rect', tops: [{ cut: grown(picture, -bleed), picture }], fit: false };
  }
  const d = preset.diameter_mm ?? 0;
  if (preset.layout === 'cupcakes') {
    const gap = Math.max(LIMITS.cupcakeGap, bleed);
    const count = (side: number) => Math.max(0, Math.floor((side - 2 * margin - 2 * bleed + gap) / (d + gap) + 1e-9));
    const columns = count(A4.width);
    const rows = count(A4.height);
    const pitch = d + gap;
    const left = (A4.width - (columns * pitch - gap)) / 2;
    const top = (A4.height - (rows * pitch - gap)) / 2;
    const tops = [];
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        const cut = { x: left + c * pitch, y: top + r * pitch, width: d, height: d };
        tops.push({ cut, picture: grown(cut, bleed) });
      }
    return { ...A4, shape: 'circle', tops, fit: false };
  }
  const fit = !fitsA4(d, bleed, margin);
  const page = fit ? { width: d + 2 * (bleed + margin), height: d + 2 * (bleed + margin) } : A4;
  const cut = { x: (page.width - d) / 2, y: (page.height - d) / 2, width: d, height: d };
  return { ...page, shape: 'circle', tops: [{ cut, picture: grown(cut, bleed) }], fit };
}

/** The body of POST /api/generations/{id}/print for these options. */
export function printInput(options: Options): PrintInput {
  const { preset } = options;
  const sheet = preset.layout === 'round' && !fitsA4(preset.diameter_mm ?? 0, options.bleed, options.margin) ? 'fit' : 'a4';
  return {
    layout: preset.layout,
    diameter_mm: preset.diameter_mm ?? null,
    sheet,
    bleed_mm: options.bleed,
    margin_mm: options.margin,
    cut_line: options.cutLine,
    lighten: options.lighten,
    format: options.format,
  };
}

/** Dots per inch a `pxWide` x `pxHigh` design gets when it covers `box` (mm), as the server counts. */
export function effectiveDpi(pxWide: number, pxHigh: number, box: Pick<Box, 'width' | 'height'>): number {
  const mmPerPx = Math.max(box.width / pxWide, box.height / pxHigh);
  return Math.floor(25.4 / mmPerPx + 1e-9);
}
