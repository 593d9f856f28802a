import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cancelGeneration, createGeneration } from '../../api/endpoints';
import type { GenerationInput } from '../../api/models';
import { keys } from '../../api/queryKeys';
import { newIdempotencyKey } from '../../shared/lib/ids';

// The studio resumes a generation (?g=<id>) and prices its form with the app-wide query hooks.
export { useGenerationOnce as useResumedGeneration, useQuote } from '../../api/queries';

/** Queues a generation; the reservation changes the balance and the request joins the history lists. */
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
