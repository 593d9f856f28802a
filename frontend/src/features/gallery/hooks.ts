import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Generation, Page, ShareIn } from '../../api/models';
import { generationQuery } from '../../api/queries';
import { keys } from '../../api/queryKeys';

/** One design by id (the /designs/:id route); the gallery's cached card shows at once while it loads. */
export function useDesign(id: string) {
  const queryClient = useQueryClient();
  return useQuery({ ...generationQuery(id), placeholderData: () => findCached(queryClient, id), retry: false });
}

/** Not every query under generations() is a page (the «В работе» strip keeps a plain list there). */
const isPage = (data: unknown): data is Page<Generation> =>
  typeof data === 'object' && data !== null && Array.isArray((data as Page<Generation>).items);

export function findCached(queryClient: QueryClient, id: string): Generation | undefined {
  for (const [, page] of queryClient.getQueriesData<unknown>({ queryKey: keys.generations() })) {
    const found = isPage(page) ? page.items.find((g) => g.id === id) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Applies `change` to the design wherever it is cached (its own query and every gallery page). */
function patchDesign(queryClient: QueryClient, id: string, change: Partial<Generation>) {
  queryClient.setQueriesData<unknown>({ queryKey: keys.generations() }, (page: unknown) =>
    isPage(page) ? { ...page, items: page.items.map((g) => (g.id === id ? { ...g, ...change } : g)) } : page,
  );
  queryClient.setQueryData<Generation>(keys.generation(id), (g) => (g ? { ...g, ...change } : g));
}

/** ★: shown at once (optimistic), rolled back if the server refuses, then the lists are refreshed. */
export function useFavorite(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (favorite: boolean) => api.setFavorite(id, favorite),
    onMutate: async (favorite) => {
      await queryClient.cancelQueries({ queryKey: keys.generations() });
      await queryClient.cancelQueries({ queryKey: keys.generation(id) });
      patchDesign(queryClient, id, { favorite });
      return { previous: !favorite };
    },
    onError: (_error, _favorite, context) => {
      if (context) patchDesign(queryClient, id, { favorite: context.previous });
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.generations() }),
        queryClient.invalidateQueries({ queryKey: keys.generation(id) }),
      ]),
  });
}

/** Deletes the design: gone from the gallery, its links die; the history keeps the entry. */
export function useDeleteDesign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteGeneration(id),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.generations() }),
        queryClient.invalidateQueries({ queryKey: keys.shares(id) }),
        queryClient.removeQueries({ queryKey: keys.generation(id) }),
      ]),
  });
}

export const useShares = (generationId: string) =>
  useQuery({ queryKey: keys.shares(generationId), queryFn: () => api.listShares(generationId) });

export function useCreateShare(generationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ShareIn) => api.createShare(generationId, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.shares(generationId) }),
        queryClient.invalidateQueries({ queryKey: keys.orders }),
      ]),
  });
}

export function useRevokeShare(generationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.revokeShare(token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.shares(generationId) }),
  });
}

export const useFeedback = (generationId: string, enabled = true) =>
  useQuery({ queryKey: keys.feedback(generationId), queryFn: () => api.listFeedback(generationId), enabled });
