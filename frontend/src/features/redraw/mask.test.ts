import { describe, expect, it } from 'vitest';
import { decodeGrayPng } from '../../test/grayPng';
import { encodeGrayPng } from './grayPng';
import { addStroke, clearStrokes, emptyHistory, hasPaint, HISTORY_LIMIT, rasterizeMask, undo, type Stroke } from './mask';

const brush = (points: [number, number][], size = 10, erase = false): Stroke => ({ points: points.map(([x, y]) => ({ x, y })), size, erase });

describe('redraw mask', () => {
  it('paints white along a stroke, black elsewhere, and the eraser takes paint away', () => {
    const pixels = rasterizeMask([brush([[10, 20], [50, 20]], 10), brush([[30, 20]], 6, true)], 64, 40);
    const at = (x: number, y: number) => pixels[y * 64 + x];
    expect(at(10, 20)).toBe(255);
    expect(at(45, 22)).toBe(255);
    expect(at(10, 10)).toBe(0); // above the brush
    expect(at(60, 20)).toBe(0); // past the round cap
    expect(at(30, 20)).toBe(0); // erased
    expect(at(30, 16)).toBe(255); // the eraser was smaller than the brush
    expect(hasPaint(pixels)).toBe(true);
    expect(hasPaint(rasterizeMask([brush([[10, 20]], 10), brush([[10, 20]], 20, true)], 64, 40))).toBe(false);
  });

  it('keeps a stroke within the picture even past its edge', () => {
    const pixels = rasterizeMask([brush([[-20, -20], [5, 5]], 8)], 16, 16);
    expect(pixels[5 * 16 + 5]).toBe(255);
    expect(pixels.length).toBe(256);
  });

  it('exports a grayscale PNG of the natural size with exactly the painted pixels white', async () => {
    const strokes = [brush([[100, 100], [200, 150]], 40), brush([[400, 700]], 30)];
    const expected = rasterizeMask(strokes, 512, 768);
    const png = await encodeGrayPng(expected, 512, 768);
    expect(png.type).toBe('image/png');
    const decoded = await decodeGrayPng(png);
    expect(decoded).toMatchObject({ width: 512, height: 768, colorType: 0 });
    // (a deep toEqual of 400 000 bytes is slow: count the differing ones)
    expect(decoded.pixels.length).toBe(expected.length);
    expect(decoded.pixels.filter((v, i) => v !== expected[i]).length).toBe(0);
    expect(decoded.pixels[125 * 512 + 150]).toBe(255);
    expect(decoded.pixels[700 * 512 + 400]).toBe(255);
    expect(decoded.pixels[10 * 512 + 10]).toBe(0);
    expect(new Set(decoded.pixels)).toEqual(new Set([0, 255]));
  });

  it('undoes several steps, «Очистить» included, and forgets the oldest past the limit', () => {
    const a = brush([[1, 1]]);
    const b = brush([[2, 2]]);
    let history = addStroke(addStroke(emptyHistory, a), b);
    history = clearStrokes(history);
    expect(history.strokes).toEqual([]);
    history = undo(history);
    expect(history.strokes).toEqual([a, b]);
    history = undo(undo(history));
    expect(history.strokes).toEqual([]);
    expect(undo(history)).toBe(history); // nothing more to undo
    expect(clearStrokes(history)).toBe(history); // clearing nothing is no step
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) history = addStroke(history, brush([[i, i]]));
    expect(history.past).toHaveLength(HISTORY_LIMIT);
  });
});
