import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createGeneration, uploadImage } from '../../api/endpoints';
import type { Generation, GenerationInput, Quality, StyleCode } from '../../api/models';
import { invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import { newIdempotencyKey } from '../../shared/lib/ids';
import { encodeGrayPng } from './grayPng';

/** The source design's settings with the redraw's own: its picture, the instruction, how much may change. */
export function redrawInput(source: Generation, instruction: string, strength: number): GenerationInput {
  return {
    prompt_ru: instruction,
    style: source.style as StyleCode,
    width: source.width as GenerationInput['width'],
    height: source.height as GenerationInput['height'],
    steps: source.steps,
    guidance: source.guidance,
    quality: source.quality as Quality,
    negative_prompt_ru: source.negative_prompt_ru ?? null,
    init_image: { generation_id: source.id },
    strength,
  };
}

export interface RedrawRequest {
  input: GenerationInput;
  mask: Uint8Array;
  width: number;
  height: number;
}

/** Uploads the mask (purpose «mask») and queues the redraw with it; the reservation changes the balance. */
export function useSubmitRedraw() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, mask, width, height }: RedrawRequest) => {
      const upload = await uploadImage(await encodeGrayPng(mask, width, height), 'mask');
      // A fresh key per attempt: a network retry of this request would reuse it, a new click does not.
      // A redraw is one generation; the create answer is always a list.
      const [created] = await createGeneration({ ...input, mask_upload_id: upload.id }, newIdempotencyKey());
      return created;
    },
    onSuccess: (generation) => {
      queryClient.setQueryData(keys.generation(generation.id), generation);
      void invalidateMoney(queryClient);
      void queryClient.invalidateQueries({ queryKey: keys.generations() });
    },
  });
}
