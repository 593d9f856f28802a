/**
 * Names for the API types the app uses, all derived from the generated ./schema.d.ts (`npm run gen:api`),
 * so a backend change that renames or retypes a field fails `npm run typecheck` where it is used.
 * Where the schema leaves a field a plain string but publishes its enum separately, the alias narrows it.
 */
import type { components, operations } from './schema';

type S = components['schemas'];
type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type GenerationStatus = S['Status'];
export type TransactionType = S['TxType'];
export type TransactionKind = S['TxKind'];

export type User = S['UserOut'];
export type Credentials = S['RegisterIn'];
export type TokenResponse = S['TokenOut'];
export type LoginResponse = S['LoginOut'];

export type Balance = S['BalanceOut'];
export type Transaction = Omit<S['TransactionOut'], 'type' | 'kind'> & { type: TransactionType; kind: TransactionKind };
export type TopUpResponse = Omit<S['TopUpOut'], 'transaction'> & { transaction: Transaction };
export type TransactionFilters = QueryOf<'ApiTransactionsTransactions'>;
// hand-written until gen:api: `email` (a part of the user's e-mail) comes with the backend change.
export type AdminTransactionFilters = QueryOf<'ApiAdminTransactionsTransactions'> & { email?: string };

export type Style = S['StyleOut'];
export type StyleCode = S['GenerationIn']['style'];
export type GenerationInput = S['GenerationIn'];
export type Quality = NonNullable<S['GenerationIn']['quality']>;
export type Quote = S['QuoteOut'];
export type Generation = Omit<S['GenerationOut'], 'status'> & { status: GenerationStatus };
export type GenerationFilters = QueryOf<'ApiGenerationsIndex'>;

/** One Server-Sent Event payload from GET /api/generations/{id}/events (a stream: not in the schema). */
export type GenerationEvent = Pick<Generation, 'status' | 'progress'> & {
  queue_position: number | null;
  public_url?: string | null;
  error?: string | null;
};

export interface Page<T> {
  items: T[];
  total: number;
}

export type AdminUserFilters = QueryOf<'ApiAdminUsersUsers'>;
export type AdminGenerationFilters = QueryOf<'ApiAdminGenerationsGenerations'>;
export type AdjustmentInput = S['AdjustmentIn'];
export type AdjustmentResponse = Omit<S['AdjustmentOut'], 'transaction'> & { transaction: Transaction };
export type HourBucket = S['HourBucketOut'];
export type Stats = S['StatsOut'];
export type Readiness = S['ReadyOut'];

export type FieldError = S['FieldError'];
/** What an error body may carry: any problem details (or a foreign body) is read defensively. */
export type ProblemDetails = Partial<S['ProblemDetails']> & Record<string, unknown>;
