/**
 * Compile-time agreement between the hand-written contract types (./types.ts, what the app uses) and
 * the types generated from the backend's OpenAPI schema (./schema.d.ts, `npm run gen:api`).
 * `npm run build` type-checks this file, so regenerating the schema after a backend change that
 * renames, adds or retypes a field fails the build here instead of at run time.
 * Nothing imports this module; it holds types only.
 */
import type { components } from './schema';
import type * as T from './types';

type S = components['schemas'];

/** String/number literal unions (enums the app narrows) compare as their base type. */
type Widen<V> = V extends string ? string : V extends number ? number : V extends boolean ? boolean : V;
type Flat<V> = V extends object ? (V extends unknown[] ? 'array' : 'object') : Widen<V>;

/** true when both have the same field names and every flat field has the same kind of value. */
type Agrees<Server, App> = [Exclude<keyof Server, keyof App> | Exclude<keyof App, keyof Server>] extends [never]
  ? {
      [K in keyof Server & keyof App]-?: [Flat<NonNullable<Server[K]>>] extends [Flat<NonNullable<App[K]>>]
        ? [Flat<NonNullable<App[K]>>] extends [Flat<NonNullable<Server[K]>>]
          ? true
          : K
        : K;
    }[keyof Server & keyof App] extends true
    ? true
    : { mismatched: { [K in keyof Server & keyof App]-?: Flat<NonNullable<Server[K]>> extends Flat<NonNullable<App[K]>> ? never : K }[keyof Server & keyof App] }
  : { only_on_server: Exclude<keyof Server, keyof App>; only_in_app: Exclude<keyof App, keyof Server> };

type Check<V extends true> = V;

export type ContractChecks = [
  Check<Agrees<S['UserOut'], T.User>>,
  Check<Agrees<S['TokenOut'], T.TokenResponse>>,
  Check<Agrees<S['LoginOut'], T.LoginResponse>>,
  Check<Agrees<S['RegisterIn'], T.Credentials>>,
  Check<Agrees<S['BalanceOut'], T.Balance>>,
  Check<Agrees<S['TransactionOut'], T.Transaction>>,
  Check<Agrees<S['TopUpOut'], T.TopUpResponse>>,
  Check<Agrees<S['TransactionPage'], T.Page<T.Transaction>>>,
  Check<Agrees<S['StyleOut'], T.Style>>,
  Check<Agrees<S['GenerationIn'], T.GenerationInput>>,
  Check<Agrees<S['QuoteOut'], T.Quote>>,
  Check<Agrees<S['GenerationOut'], T.Generation>>,
  Check<Agrees<S['GenerationPage'], T.Page<T.Generation>>>,
  Check<Agrees<S['AdjustmentIn'], T.AdjustmentInput>>,
  Check<Agrees<S['AdjustmentOut'], T.AdjustmentResponse>>,
  Check<Agrees<S['UserPage'], T.Page<T.User>>>,
  Check<Agrees<S['HourBucketOut'], T.HourBucket>>,
  Check<Agrees<S['WorkerOut'], T.WorkerInfo>>,
  Check<Agrees<S['StatsOut'], T.Stats>>,
  Check<Agrees<S['MlEngineOut'], T.MlEngineInfo>>,
  Check<Agrees<S['ReadyOut'], T.Readiness>>,
  Check<Agrees<S['FieldError'], T.FieldError>>,
];
