import { LIMITS, type SizeCode } from '../../api/limits';
import type { Generation, GenerationInput, Quality, StyleCode, UploadOut } from '../../api/models';
import { parseInteger, validateGuidance, validateNegativePrompt, validatePrompt, validateSeed, validateSize, validateSteps } from '../../shared/lib/validation';

/** The picture a generation starts from: the user's photo or one of their designs («Доработать»). */
export type StudioPicture =
  | { kind: 'upload'; upload: UploadOut }
  | { kind: 'design'; id: string; url: string | null; width: number; height: number };

/** The studio form as typed (numbers stay strings until submit so partial input is editable). */
export interface StudioValues {
  prompt: string;
  negative: string;
  style: string;
  size: SizeCode;
  steps: string;
  guidance: string;
  seed: string;
  quality: Quality;
  /** 1–4 variants per submit (consecutive seeds). */
  variants: number;
  picture: StudioPicture | null;
  /** How much the picture may change, 0.2 (almost the same) … 0.9 (only the idea). */
  strength: number;
}

/** Where «Насколько можно менять» starts for a new picture (the API's range: LIMITS.strength). */
export const STRENGTH_DEFAULT = 0.6;

export type StudioField = 'prompt_ru' | 'negative_prompt_ru' | 'style' | 'size' | 'steps' | 'guidance' | 'seed';
export type StudioErrors = Partial<Record<StudioField, string>>;

export const initialStudioValues = (style = ''): StudioValues => ({
  prompt: '',
  negative: '',
  style,
  size: LIMITS.defaultSize,
  steps: String(LIMITS.steps.standard.default),
  guidance: String(LIMITS.guidance.standard.default),
  seed: '',
  quality: 'standard',
  variants: 1,
  picture: null,
  strength: STRENGTH_DEFAULT,
});

/** Steps and guidance ranges of a quality (a draft runs 4–8 steps at guidance 1–2). */
export function rangesOf(quality: Quality) {
  return { steps: LIMITS.steps[quality], guidance: LIMITS.guidance[quality] };
}

/** Switching quality puts steps and guidance at that mode's defaults (the old ones may be out of range). */
export function withQuality(values: StudioValues, quality: Quality): StudioValues {
  const ranges = rangesOf(quality);
  return { ...values, quality, steps: String(ranges.steps.default), guidance: String(ranges.guidance.default) };
}

export function validateStudio(values: StudioValues): StudioErrors {
  const errors: StudioErrors = {};
  const set = (field: StudioField, message: string | null) => {
    if (message) errors[field] = message;
  };
  set('prompt_ru', validatePrompt(values.prompt));
  set('negative_prompt_ru', validateNegativePrompt(values.negative));
  set('style', values.style ? null : 'Выберите стиль торта.');
  set('size', validateSize(values.size));
  const ranges = rangesOf(values.quality);
  set('steps', validateSteps(values.steps, ranges.steps));
  set('guidance', validateGuidance(values.guidance, ranges.guidance));
  set('seed', validateSeed(values.seed));
  return errors;
}

type Side = NonNullable<GenerationInput['width']>;

/** «512x768» -> its width and height. */
function parseSize(size: SizeCode): { width: Side; height: Side } {
  const [width, height] = size.split('x').map(Number) as [Side, Side];
  return { width, height };
}

/** Only call with values that passed validateStudio. */
export function toGenerationInput(values: StudioValues): GenerationInput {
  const { width, height } = parseSize(values.size);
  const input: GenerationInput = {
    prompt_ru: values.prompt.trim().normalize('NFC'), // NFC: what the server counts and keeps
    style: values.style as StyleCode, // picked from the server's catalogue (GET /styles)
    width,
    height,
    steps: parseInteger(values.steps),
    guidance: Number(values.guidance.replace(',', '.')),
    quality: values.quality,
  };
  if (values.negative.trim()) input.negative_prompt_ru = values.negative.trim().normalize('NFC');
  if (values.seed.trim()) input.seed = parseInteger(values.seed);
  // Only what differs from the API's defaults: a single text-only request stays as it always was.
  if (values.variants > 1) input.variants = values.variants;
  if (values.picture) {
    input.init_image = values.picture.kind === 'upload' ? { upload_id: values.picture.upload.id } : { generation_id: values.picture.id };
    input.strength = values.strength;
  }
  return input;
}

/** The design itself as the picture to continue from («Доработать»). */
export const pictureOfDesign = (g: Generation): StudioPicture => ({ kind: 'design', id: g.id, url: g.public_url, width: g.width, height: g.height });

/**
 * What stops the price from being quoted, said as what to fix (null: nothing, the quote can run).
 * The description comes last: the other fields say exactly what to change.
 */
export function quoteBlocker(values: StudioValues, errors: StudioErrors): string | null {
  const ranges = rangesOf(values.quality);
  if (errors.steps) return `Укажите число шагов от ${ranges.steps.min} до ${ranges.steps.max}.`;
  if (errors.guidance) return `Укажите точность следования описанию от ${ranges.guidance.min} до ${ranges.guidance.max}.`;
  if (errors.seed) return 'Номер узора — целое число от 0 до 4 294 967 295, или оставьте поле пустым.';
  if (errors.size) return 'Выберите размер.';
  if (errors.style) return 'Выберите стиль торта.';
  if (errors.negative_prompt_ru) return `Сократите «Чего избегать» до ${LIMITS.negativePrompt.max} символов.`;
  if (errors.prompt_ru) return 'Цена появится, когда описание будет готово.';
  return null;
}

/** Server field names -> the studio control that shows the message. */
export function studioFieldOf(field: string): StudioField | null {
  switch (field) {
    case 'prompt_ru':
    case 'negative_prompt_ru':
    case 'style':
    case 'steps':
    case 'guidance':
    case 'seed':
      return field;
    case 'width':
    case 'height':
    case 'size':
      return 'size';
    default:
      return null;
  }
}

/** The parameters of an existing generation, to repeat or vary it (the seed is chosen by the caller). */
export function inputFromGeneration(g: Generation): GenerationInput {
  // The server accepted these parameters once, so they are valid input again.
  const size = { width: g.width, height: g.height } as Pick<GenerationInput, 'width' | 'height'>;
  const input: GenerationInput = {
    prompt_ru: g.prompt_ru,
    style: g.style as StyleCode,
    ...size,
    steps: g.steps,
    guidance: g.guidance,
    quality: g.quality as Quality,
  };
  if (g.negative_prompt_ru) input.negative_prompt_ru = g.negative_prompt_ru;
  const from = g.init_image;
  if (from && g.strength != null) {
    input.init_image = from.upload_id ? { upload_id: from.upload_id } : from.generation_id ? { generation_id: from.generation_id } : null;
    input.strength = input.init_image ? g.strength : null;
  }
  return input;
}

/** A finished draft again in full quality: same prompt, size and seed, the standard steps and guidance. */
export function fullQualityOf(input: GenerationInput): GenerationInput {
  return { ...input, quality: 'standard', steps: LIMITS.steps.standard.default, guidance: LIMITS.guidance.standard.default };
}

/** The form showing an existing generation's settings (its seed included unless `keepSeed` is false). */
export function valuesFromGeneration(g: Generation, { keepSeed = true } = {}): StudioValues {
  const size = `${g.width}x${g.height}`;
  return {
    prompt: g.prompt_ru,
    negative: g.negative_prompt_ru ?? '',
    style: g.style,
    size: ((LIMITS.sizes as readonly string[]).includes(size) ? size : LIMITS.defaultSize) as SizeCode,
    steps: String(g.steps),
    guidance: String(g.guidance),
    seed: keepSeed ? String(g.seed) : '',
    quality: g.quality as Quality,
    variants: 1,
    picture: null,
    strength: g.strength ?? STRENGTH_DEFAULT,
  };
}
