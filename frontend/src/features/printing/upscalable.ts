import { LIMITS } from '../../api/limits';
import type { Generation } from '../../api/models';

/** The longest side the upscaler takes, px: the API's limit, generated from its schema. */
export const MAX_UPSCALE_SIDE = LIMITS.upscaleMaxSourceSide;

export function canUpscale(design: Pick<Generation, 'width' | 'height'>): boolean {
  return Math.max(design.width, design.height) <= MAX_UPSCALE_SIDE;
}
