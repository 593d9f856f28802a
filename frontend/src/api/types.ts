/**
 * REST contract types (see /work/shared/API.md): the single source of API types for the app.
 *
 * Written by hand to match API.md until the backend's OpenAPI schema is available; `npm run gen:api`
 * writes the generated `schema.d.ts` next to this file so the two can be compared and, once they agree,
 * these aliases can point at `components['schemas'][...]` instead.
 */

export type Role = 'user' | 'admin';

export interface User {
  id: string;
  email: string;
  role: Role;
  balance_credits: number;
  reserved_credits: number;
  available_credits: number;
  is_active: boolean;
  created_at: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export interface LoginResponse extends TokenResponse {
  user: User;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface Balance {
  balance_credits: number;
  reserved_credits: number;
  available_credits: number;
}

export type TransactionType = 'debit' | 'credit';
export type TransactionKind = 'top_up' | 'generation' | 'admin_adjustment' | 'bonus' | 'refund';

export interface Transaction {
  id: string;
  user_id: string;
  amount: number;
  type: TransactionType;
  kind: TransactionKind;
  description: string;
  prediction_request_id: string | null;
  created_at: string;
}

export interface TopUpResponse {
  transaction: Transaction;
  balance: Balance;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface TransactionFilters {
  type?: TransactionType;
  kind?: TransactionKind;
  date_from?: string;
  date_to?: string;
  limit?: number;
  offset?: number;
}

export interface AdminTransactionFilters extends TransactionFilters {
  user_id?: string;
}

export interface Style {
  code: string;
  title: string;
  description: string;
}

export interface GenerationInput {
  prompt_ru: string;
  style: string;
  negative_prompt_ru?: string;
  width?: number;
  height?: number;
  steps?: number;
  guidance?: number;
  seed?: number;
  /** 'draft': «Черновик», LCM-LoRA, 4–8 steps, guidance 1–2 (only when ml_engine.drafts). */
  quality?: Quality;
}

export type Quality = 'standard' | 'draft';

export interface Quote {
  credits: number;
}

export type GenerationStatus = 'pending' | 'processing' | 'success' | 'failed';

export interface Generation {
  id: string;
  prompt_ru: string;
  prompt_en: string | null;
  negative_prompt: string | null;
  style: string;
  width: number;
  height: number;
  steps: number;
  guidance: number;
  seed: number;
  quality: Quality;
  status: GenerationStatus;
  progress: number;
  /** Pending requests ahead of this one (0 = next; 0 when not pending). */
  queue_position: number;
  s3_key: string | null;
  public_url: string | null;
  credits_reserved: number;
  credits_spent: number;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface GenerationFilters {
  status?: GenerationStatus;
  style?: string;
  date_from?: string;
  date_to?: string;
  credits_min?: number;
  credits_max?: number;
  limit?: number;
  offset?: number;
}

/** One Server-Sent Event payload from GET /api/generations/{id}/events. */
export interface GenerationEvent {
  status: GenerationStatus;
  progress: number;
  queue_position: number | null;
  public_url?: string | null;
  error?: string | null;
}

export interface AdjustmentInput {
  amount: number;
  description: string;
}

export interface AdjustmentResponse {
  transaction: Transaction;
  user: User;
}

export interface HourBucket {
  hour: string;
  count: number;
  failed: number;
}

export interface WorkerInfo {
  id: string;
  last_seen: string;
  jobs_done: number;
}

export interface Stats {
  users_total: number;
  generations_total: number;
  by_status: Partial<Record<GenerationStatus, number>> & Record<string, number>;
  queue_depth: number;
  processing: number;
  generations_per_hour: HourBucket[];
  avg_duration_s: number | null;
  p95_duration_s: number | null;
  credits_spent_total: number;
  workers: WorkerInfo[];
}

export interface MlEngineInfo {
  mode: 'demo' | 'real';
  translator?: string;
  generator?: string;
  warning?: string | null;
  /** The draft mode is offered (the LCM-LoRA is installed); the studio hides it otherwise. */
  drafts?: boolean;
}

/** GET /api/ready (200, or 503 with the same body); more checks may appear, one key each. */
export interface Readiness {
  status?: string;
  database: Record<string, unknown>;
  storage: Record<string, unknown>;
  ml_engine: MlEngineInfo;
  workers: Record<string, unknown>;
}

/** RFC 9457 problem details, with the field error list the API adds on validation failures. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}
