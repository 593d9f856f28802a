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
export type Quality = NonNullable<S['GenerationIn']['quality']>;

// hand-written until gen:api: the issue-12 fields of the contract (variants, a starting picture).
/** Where an image-to-image generation starts: one of the user's uploads or one of their designs. */
export type InitImageIn = { upload_id: string; generation_id?: never } | { generation_id: string; upload_id?: never };
export type InitImageOut = InitImageIn;
export type UploadPurpose = 'reference' | 'mask';
export interface UploadOut {
  id: string;
  purpose: UploadPurpose;
  width: number;
  height: number;
  /** A short-lived presigned address of the private object. */
  url: string;
}
export interface UploadCreatedOut {
  upload: UploadOut;
}
interface LoopInput {
  variants?: number;
  init_image?: InitImageIn | null;
  strength?: number | null;
  mask_upload_id?: string | null;
}
interface LoopOutput {
  group_id?: string | null;
  init_image?: InitImageOut | null;
  strength?: number | null;
  mask_upload_id?: string | null;
  variant_index?: number;
  /** The Russian negative description as typed, where the server returns it. */
  negative_prompt_ru?: string | null;
}
export type GenerationInput = S['GenerationIn'] & LoopInput;
export type Quote = S['QuoteOut'] & { per_variant?: number; variants?: number };
export type Generation = Omit<S['GenerationOut'], 'status'> & { status: GenerationStatus } & LoopOutput & GenerationPortfolioFields;
export interface GenerationCreatedOut {
  generation: Generation;
  generations?: Generation[];
}
export type GenerationFilters = QueryOf<'ApiGenerationsIndex'> & { favorite?: boolean };

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
export type Readiness = S['ReadyOut'];

export type FieldError = S['FieldError'];
/** What an error body may carry: any problem details (or a foreign body) is read defensively. */
export type ProblemDetails = Partial<S['ProblemDetails']> & Record<string, unknown>;

// --- issue 13: share links, client feedback, portfolio --------------------------------------------
// hand-written until gen:api (names as in the shared API contract)

export type Decision = 'approved' | 'changes_requested';

export interface FeedbackSummaryOut {
  count: number;
  last_decision: Decision | null;
}

/** What issue 13 adds to every generation object (optional until the schema is regenerated). */
export interface GenerationPortfolioFields {
  favorite?: boolean;
  feedback?: FeedbackSummaryOut;
  deleted?: boolean;
  group_id?: string | null;
}

export interface FeedbackOut {
  id: string;
  generation_id: string;
  decision: Decision;
  comment: string | null;
  name: string | null;
  created_at: string;
}

export interface ShareIn {
  note: string | null;
  expires_in_days: number;
}

export interface ShareOut {
  token: string;
  url: string;
  generation_id: string;
  note: string | null;
  created_at: string;
  expires_at: string;
  revoked: boolean;
  feedback_count: number;
  last_decision: Decision | null;
}

export interface PublicDesignOut {
  id: string;
  image_url: string;
  width: number;
  height: number;
  prompt_ru: string;
  style: string;
}

export interface PublicShareOut {
  token: string;
  note: string | null;
  expires_at: string;
  designs: PublicDesignOut[];
  feedback: FeedbackOut[];
}

export interface FeedbackIn {
  decision: Decision;
  comment: string | null;
  name: string | null;
  generation_id: string | null;
}

/** A user-level event from GET /api/events (a stream: not in the schema). */
export type UserEvent = { type: 'feedback'; generation_id: string; feedback: FeedbackOut } | { type: string; [key: string]: unknown };
