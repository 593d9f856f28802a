import type { GenerationInput } from './models';

/** Input limits of the REST contract (docs/API.md); forms validate against these before sending. */
export const LIMITS = {
  password: { min: 8, max: 128 },
  prompt: { min: 3, max: 1000 },
  negativePrompt: { max: 500 },
  steps: { min: 10, max: 40, default: 25 },
  guidance: { min: 1, max: 12, default: 7 },
  // «Черновик» (LCM-LoRA): few steps, little guidance.
  draftSteps: { min: 4, max: 8, default: 4 },
  draftGuidance: { min: 1, max: 2, default: 1 },
  // starting from a picture: how much of it may change (0.2 almost nothing … 0.9 only the idea)
  strength: { min: 0.2, max: 0.9, step: 0.05 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  sizes: ['512x512', '512x768', '768x512', '768x768'] as const,
  defaultSize: '512x512',
  adjustment: { maxAbs: 1_000_000 },
  comment: { max: 500 },
  shareNote: { max: 500 },
  feedbackComment: { max: 1000 },
  feedbackName: { max: 80 },
  shareDays: [7, 14, 30] as const,
} as const;

export type SizeCode = (typeof LIMITS.sizes)[number];

type Side = NonNullable<GenerationInput['width']>;

export function parseSize(size: SizeCode): { width: Side; height: Side } {
  const [width, height] = size.split('x').map(Number) as [Side, Side];
  return { width, height };
}
