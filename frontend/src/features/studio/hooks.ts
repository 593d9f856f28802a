import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { cancelGeneration, createGeneration, uploadImage } from '../../api/endpoints';
import type { GenerationInput } from '../../api/models';
import { generationOnceQuery } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import { newIdempotencyKey } from '../../shared/lib/ids';

// A generation the studio opens with (?from=<id> reuses its settings) and the price of the form:
// the app-wide query hooks (the redraw page uses them too).
export { useGenerationOnce as useResumedGeneration, useQuote } from '../../api/queries';

/**
 * The generations a reopened studio page resumes watching (?g=<id>&g=<id>…: the variants of one submit),
 * each fetched once; `settled` once every answer (or refusal) is in, `data` the ones found, in URL order.
 */
export const useResumedGenerations = (ids: string[]) =>
  useQueries({
    queries: ids.map((id) => generationOnceQuery(id)),
    combine: (results) => ({
      settled: results.length > 0 && results.every((r) => !r.isPending),
      data: results.flatMap((r) => (r.data ? [r.data] : [])),
    }),
  });

/** Queues 1–4 variants; the reservation changes the balance and the requests join the history lists. */
export function useCreateGeneration() {
  const queryClient = useQueryClient();
  return useMutation({
    // A fresh key per attempt: a network retry of this request would reuse it, a new click does not.
    mutationFn: (input: GenerationInput) => createGeneration(input, newIdempotencyKey()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.me });
      void queryClient.invalidateQueries({ queryKey: keys.balance });
      void queryClient.invalidateQueries({ queryKey: keys.generations() });
    },
  });
}

/** Cancels a pending generation: the reservation comes back, the request shows as cancelled. */
export function useCancelGeneration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cancelGeneration(id),
    onSuccess: (generation) => {
      queryClient.setQueryData(keys.generation(generation.id), generation);
      void queryClient.invalidateQueries({ queryKey: keys.me });
      void queryClient.invalidateQueries({ queryKey: keys.balance });
      void queryClient.invalidateQueries({ queryKey: keys.generations() });
    },
  });
}

/** Sends a reference photo (POST /api/uploads); the picture field keeps the answer (its id and preview). */
export function useUploadPhoto() {
  return useMutation({
    mutationFn: (file: File) => uploadImage(file, 'reference'),
  });
}
