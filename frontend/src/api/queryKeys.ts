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

/**
 * The one query-key factory: every query and every mutation's invalidation goes through it, so a
 * write refreshes exactly the views it changes. A call without arguments is the prefix of all its lists.
 */
export const keys = {
  me: ['me'] as const,
  balance: ['balance'] as const,
  styles: ['styles'] as const,
  inscriptionFonts: ['inscription-fonts'] as const,
  ready: ['ready'] as const,
  /** Under generations(): every write that invalidates the lists refreshes the «В работе» strip too. */
  activeGenerations: ['generations', 'active'] as const,
  quote: (input: GenerationInput | null) => ['quote', input] as const,
  upscaleQuote: (designId: string, factor: number) => ['upscale-quote', designId, factor] as const,
  generations: (filters?: GenerationFilters) => (filters ? (['generations', filters] as const) : (['generations'] as const)),
  generation: (id: string) => ['generation', id] as const,
  shares: (generationId: string) => ['shares', generationId] as const,
  feedback: (generationId: string) => ['feedback', generationId] as const,
  publicShare: (token: string) => ['public-share', token] as const,
  /** The caller's price list (`null` until filled in). */
  bakery: ['bakery'] as const,
  /** «Заказы»: a client's answer or a quote change refreshes it. */
  orders: ['orders'] as const,
  transactions: (filters?: TransactionFilters) => (filters ? (['transactions', filters] as const) : (['transactions'] as const)),
  adminUsers: (params?: AdminUserFilters) => (params ? (['admin', 'users', params] as const) : (['admin', 'users'] as const)),
  adminTransactions: (filters?: AdminTransactionFilters) =>
    filters ? (['admin', 'transactions', filters] as const) : (['admin', 'transactions'] as const),
  adminGenerations: (filters?: AdminGenerationFilters) =>
    filters ? (['admin', 'generations', filters] as const) : (['admin', 'generations'] as const),
  adminStats: ['admin', 'stats'] as const,
  packs: ['packs'] as const,
  payments: (filters?: PaymentFilters) => (filters ? (['payments', filters] as const) : (['payments'] as const)),
  payment: (id: string) => ['payment', id] as const,
  adminPayments: (filters?: AdminPaymentFilters) =>
    filters ? (['admin', 'payments', filters] as const) : (['admin', 'payments'] as const),
};

/** Queries that do not belong to a user and survive a sign-out. */
export const PUBLIC_QUERY_ROOTS: readonly unknown[] = [keys.styles[0], keys.ready[0], keys.packs[0], 'public-share', keys.inscriptionFonts[0]];
