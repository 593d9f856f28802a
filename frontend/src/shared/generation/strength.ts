import { LIMITS } from '../../api/limits';

/** The «how much may change» sliders (a picture to start from, a redraw): the API's range in 5 % steps. */
export const STRENGTH_SLIDER = { ...LIMITS.strength, step: 0.05 } as const;
