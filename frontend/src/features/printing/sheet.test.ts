import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, PRESETS, effectiveDpi, printInput, sheetOf } from './sheet';

const preset = (id: string) => PRESETS.find((p) => p.id === id)!;

describe('print presets', () => {
  it('offers the round sizes from 16 to 24 cm, an A4 sheet and cupcakes', () => {
    expect(PRESETS.map((p) => p.label)).toEqual([
      'Круглый 16 см',
      'Круглый 18 см',
      'Круглый 20 см',
      'Круглый 22 см',
      'Круглый 24 см',
      'Лист A4',
      'Капкейки 6 см',
    ]);
  });

  it('keeps a round cake on A4 while it fits with bleed and margin, else the page is the cake', () => {
    expect(printInput({ ...DEFAULT_OPTIONS, preset: preset('round-18') }).sheet).toBe('a4'); // 180 + 16 <= 210
    const twenty = printInput({ ...DEFAULT_OPTIONS, preset: preset('round-20') });
    expect(twenty).toMatchObject({ layout: 'round', diameter_mm: 200, sheet: 'fit', bleed_mm: 3, margin_mm: 5, format: 'pdf' });
    expect(sheetOf({ ...DEFAULT_OPTIONS, preset: preset('round-20') })).toMatchObject({ width: 216, height: 216, fit: true });
  });

  it('lays cupcakes out as the server does: 3 x 4 circles of 6 cm on A4', () => {
    const sheet = sheetOf({ ...DEFAULT_OPTIONS, preset: preset('cupcakes') });
    expect(sheet.tops).toHaveLength(12);
    expect(sheet.tops[0].picture.width).toBe(66);
  });

  it('counts the resolution like the X-Effective-DPI header', () => {
    expect(effectiveDpi(512, 512, { width: 186, height: 186 })).toBe(69);
    expect(effectiveDpi(2048, 2048, { width: 206, height: 206 })).toBe(252);
    expect(effectiveDpi(4096, 4096, { width: 206, height: 206 })).toBeGreaterThanOrEqual(300);
  });
});
