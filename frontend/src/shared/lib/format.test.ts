import { describe, expect, it } from 'vitest';
import { formatVariants } from './format';

describe('formatVariants', () => {
  it('counts variants with the Russian plural', () => {
    expect(formatVariants(1)).toBe('1 вариант');
    expect(formatVariants(3)).toBe('3 варианта');
    expect(formatVariants(5)).toBe('5 вариантов');
    expect(formatVariants(11)).toBe('11 вариантов');
    expect(formatVariants(22)).toBe('22 варианта');
  });
});
