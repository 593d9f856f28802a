import { QueryClient, queryOptions, useQuery, type QueryClient as QC } from '@tanstack/react-query';
import { ApiError } from './errors';
import * as api from './endpoints';
import type {
  AdminGenerationFilters,
  AdminPaymentFilters,
  AdminTransactionFilters,
  AdminUserFilters,
  GenerationFilters,
  GenerationInput,
  PaymentFilters,
  TransactionFilters,
} from './models';
import { keys } from './queryKeys';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // Client errors will not change on retry; network and 5xx get one more chance.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      },
      mutations: { retry: false },
    },
  });
}

/** After money moves (a pack paid, generation settled, adjustment, refund) every balance view is refreshed. */
export function invalidateMoney(client: QC): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.me }),
    client.invalidateQueries({ queryKey: keys.balance }),
    client.invalidateQueries({ queryKey: keys.transactions() }),
    client.invalidateQueries({ queryKey: keys.payments() }),
  ]).then(() => undefined);
}

export const useStyles = () =>
  useQuery({ queryKey: keys.styles, queryFn: api.listStyles, staleTime: Infinity });

export const useBalance = (enabled = true) =>
  useQuery({ queryKey: keys.balance, queryFn: api.getBalance, enabled });

export const useReadiness = () =>
  useQuery({ queryKey: keys.ready, queryFn: api.getReadiness, staleTime: 60_000, retry: false });

/** One generation by id: its key and how it is read, for every query of a single generation. */
export const generationQuery = (id: string) =>
  queryOptions({ queryKey: keys.generation(id), queryFn: ({ signal }) => api.getGeneration(id, signal) });

/** One generation fetched once (a page reopened to follow it, or the design a page works on). */
export const generationOnceQuery = (id: string) => queryOptions({ ...generationQuery(id), staleTime: Infinity, retry: false });

export const useGenerationOnce = (id: string | null) => useQuery({ ...generationOnceQuery(id ?? ''), enabled: !!id });

/** The price of `input` (null: nothing valid to price yet); the last price stays while the next loads. */
export const useQuote = (input: GenerationInput | null) =>
  useQuery({
    queryKey: keys.quote(input),
    queryFn: ({ signal }) => api.quoteGeneration(input as GenerationInput, signal),
    enabled: input !== null,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });

export const ACTIVE_REFRESH_MS = 3_000;

/** `watchActive`: refresh the list by itself while any listed request is still pending or processing. */
export const useGenerations = (filters: GenerationFilters, { watchActive = false } = {}) =>
  useQuery({
    queryKey: keys.generations(filters),
    queryFn: () => api.listGenerations(filters),
    placeholderData: (prev) => prev,
    refetchInterval: (query) =>
      watchActive && query.state.data?.items.some((g) => g.status === 'pending' || g.status === 'processing')
        ? ACTIVE_REFRESH_MS
        : false,
  });

export const useTransactions = (filters: TransactionFilters) =>
  useQuery({ queryKey: keys.transactions(filters), queryFn: () => api.listTransactions(filters), placeholderData: (prev) => prev });

export const useAdminUsers = (params: AdminUserFilters) =>
  useQuery({ queryKey: keys.adminUsers(params), queryFn: () => api.adminListUsers(params), placeholderData: (prev) => prev });

export const useAdminTransactions = (filters: AdminTransactionFilters) =>
  useQuery({
    queryKey: keys.adminTransactions(filters),
    queryFn: () => api.adminListTransactions(filters),
    placeholderData: (prev) => prev,
  });

export const useAdminGenerations = (filters: AdminGenerationFilters) =>
  useQuery({
    queryKey: keys.adminGenerations(filters),
    queryFn: () => api.adminListGenerations(filters),
    placeholderData: (prev) => prev,
  });

export const STATS_REFRESH_MS = 5_000;

export const useAdminStats = () =>
  useQuery({ queryKey: keys.adminStats, queryFn: api.adminStats, refetchInterval: STATS_REFRESH_MS, staleTime: 0 });

/** The credit packs on sale and the payment service (none: an admin grants credits). */
export const usePacks = () => useQuery({ queryKey: keys.packs, queryFn: api.listPacks, staleTime: 5 * 60_000 });

export const usePayments = (filters: PaymentFilters) =>
  useQuery({ queryKey: keys.payments(filters), queryFn: () => api.listPayments(filters), placeholderData: (prev) => prev });

export const useAdminPayments = (filters: AdminPaymentFilters) =>
  useQuery({ queryKey: keys.adminPayments(filters), queryFn: () => api.adminListPayments(filters), placeholderData: (prev) => prev });
