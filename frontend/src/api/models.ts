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
export type TransactionFilters = QueryOf<'ApiTransactionsTransactions'>;
export type AdminTransactionFilters = QueryOf<'ApiAdminTransactionsTransactions'>;

export type Style = S['StyleOut'];
export type StyleCode = S['GenerationIn']['style'];
export type Quality = NonNullable<S['GenerationIn']['quality']>;

/**
 * Where an image-to-image generation starts: one of the user's uploads or one of their designs. The
 * schema has both keys optional; the API wants exactly one, which this union says.
 */
export type InitImageIn = { upload_id: string; generation_id?: never } | { generation_id: string; upload_id?: never };
export type UploadPurpose = S['UploadOut']['purpose'];
export type UploadOut = S['UploadOut'];
/** `variants` defaults to 1 on the server; `init_image` narrowed to exactly one key. */
export type GenerationInput = Omit<S['GenerationIn'], 'variants' | 'init_image'> & {
  variants?: number;
  init_image?: InitImageIn | null;
};
export type Quote = S['QuoteOut'];
export type Generation = Omit<S['GenerationOut'], 'status'> & { status: GenerationStatus };
export type GenerationCreatedOut = Omit<S['GenerationCreatedOut'], 'generation' | 'generations'> & {
  generation: Generation;
  generations: Generation[];
};
export type GenerationFilters = QueryOf<'ApiGenerationsIndex'>;

/** One Server-Sent Event payload from GET /api/generations/{id}/events (a stream: not in the schema). */
export type GenerationEvent = Pick<Generation, 'status' | 'progress'> & {
  queue_position: number | null;
  public_url?: string | null;
  error?: string | null;
  /** While processing, every few steps: a small `data:image/jpeg;base64,…` picture (≤ 160 px side). */
  preview?: string | null;
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
export type DayRevenue = S['DayRevenueOut'];
export type Readiness = S['ReadyOut'];

export type FieldError = S['FieldError'];
/** What an error body may carry: any problem details (or a foreign body) is read defensively. */
export type ProblemDetails = Partial<S['ProblemDetails']> & Record<string, unknown>;

// --- issue 13: share links, client feedback, portfolio ---------------------------------------------

export type Decision = S['FeedbackOut']['decision'];
export type FeedbackOut = S['FeedbackOut'];
export type ShareIn = S['ShareIn'];
export type ShareOut = S['ShareOut'];
export type PublicShareOut = S['PublicShareOut'];
export type FeedbackIn = S['FeedbackIn'];

/** A user-level event from GET /api/events (a stream: not in the schema). */
export type UserEvent = { type: 'feedback'; generation_id: string; feedback: FeedbackOut } | { type: string; [key: string]: unknown };

// --- issue 23: the price list, quotes on share links, orders -------------------------------------

export type Bakery = S['BakeryOut'];
export type BakeryIn = S['BakeryIn'];
export type QuoteIn = S['OrderQuoteIn'];
export type OrderQuote = S['OrderQuoteOut'];
export type QuoteStatus = S['OrderQuoteOut']['status'];
export type Order = S['OrderOut'];
export type BakeryContact = S['BakeryContactOut'];

// --- payments (credit packs) ---------------------------------------------------------------------
export type PaymentStatus = S['PaymentStatus'];
export type Payment = Omit<S['PaymentOut'], 'status'> & { status: PaymentStatus };
export type CreditPack = S['PackOut'];
export type Packs = S['PacksOut'];
export type PaymentProvider = Packs['provider'];
export type PaymentFilters = QueryOf<'ApiPaymentsPayments'>;
export type AdminPaymentFilters = QueryOf<'ApiAdminPaymentsPayments'>;

// --- issue 22: from screen to cake ------------------------------------------------------------------

export type DesignKind = S['GenerationOut']['kind'];
export type PrintInput = S['PrintIn'];
export type PrintLayout = S['PrintIn']['layout'];
export type InscriptionInput = S['InscriptionIn'];
export type InscriptionFont = S['FontOut'];
export type UpscaleFactor = NonNullable<S['UpscaleIn']['factor']>;
export type UpscaleQuote = S['UpscaleQuoteOut'];

/** The file of POST /api/generations/{id}/print, with what its headers say. */
export interface PrintFile {
  blob: Blob;
  filename: string;
  /** Dots per inch the design's pixels give at the printed size (X-Effective-DPI). */
  effectiveDpi: number;
}
