import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, formErrorMessage, messageOf } from '../../api/errors';
import { useReadiness, useStyles } from '../../api/queries';
import type { GenerationInput } from '../../api/models';
import { randomSeed } from '../../shared/lib/ids';
import { formatCredits } from '../../shared/lib/format';
import { useDebounced } from '../../shared/lib/useDebounced';
import { Alert } from '../../shared/ui/Alert';
import { useAuth } from '../../shared/auth/AuthProvider';
import { useActiveGenerations } from '../../shared/generation/activeGenerations';
import { useCreateGeneration, useQuote, useResumedGeneration } from './hooks';
import { ResultPanel, type StudioGeneration } from './ResultPanel';
import { STUDIO_FORM_ID, StudioForm } from './StudioForm';
import {
  fullQualityOf,
  inputFromGeneration,
  initialStudioValues,
  valuesFromGeneration,
  studioFieldOf,
  toGenerationInput,
  validateStudio,
  withQuality,
  type StudioErrors,
  type StudioValues,
} from './studioValues';
import './studio.css';

export const QUOTE_DEBOUNCE_MS = 400;
const STUDIO_FIELDS = ['prompt_ru', 'negative_prompt_ru', 'style', 'size', 'width', 'height', 'steps', 'guidance', 'seed', 'quality'];

export function StudioPage() {
  const { user } = useAuth();
  const styles = useStyles();
  // Drafts are offered only when the server says so: never fall back to standard behind the user's back.
  const draftsAvailable = useReadiness().data?.ml_engine?.drafts === true;
  const [values, setValues] = useState<StudioValues>(() => initialStudioValues());
  const [errors, setErrors] = useState<StudioErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateGeneration();
  const [current, setCurrent] = useState<StudioGeneration | null>(null);
  // ?g=<id> keeps the generation being watched in the URL: reload or come back later and it resumes.
  // Only the id the page was opened with is resumed; later ids are ones this page created itself.
  const [searchParams, setSearchParams] = useSearchParams();
  const [resumeId, setResumeId] = useState(() => searchParams.get('g'));
  const resumed = useResumedGeneration(resumeId);
  // Back through the menu while a studio generation still runs: follow the newest one again.
  const running = useActiveGenerations().items.find((g) => !g.mask_upload_id);
  if (!resumeId && !current && running) setResumeId(running.id);

  // State adjusted while rendering (not in effects), so the page never paints the stale state first.
  if (resumed.data && !current) {
    // Only until this page submits something itself: a newer submit wins.
    setCurrent({ generation: resumed.data, input: inputFromGeneration(resumed.data) });
    setValues(valuesFromGeneration(resumed.data));
  }
  // Pick the first style once the catalogue arrives (a resumed generation may have set one already).
  const firstStyle = styles.data?.[0]?.code;
  if (!values.style && firstStyle) setValues((v) => (v.style ? v : { ...v, style: firstStyle }));

  // Drafts went away (or were never offered, e.g. a resumed draft): the form shows standard settings.
  if (!draftsAvailable && values.quality === 'draft') setValues((v) => withQuality(v, 'standard'));

  const clientErrors = useMemo(() => validateStudio(values), [values]);
  const quoteInput = useMemo(
    () => (Object.keys(clientErrors).length === 0 ? toGenerationInput(values) : null),
    [clientErrors, values],
  );
  const debouncedQuoteInput = useDebounced(quoteInput, QUOTE_DEBOUNCE_MS);
  const quote = useQuote(debouncedQuoteInput);

  function change(patch: Partial<StudioValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    if (submitted) setErrors(validateStudio(next));
  }

  function submit(input: GenerationInput) {
    create.mutate(input, {
      onSuccess: (generation) => {
        setCurrent({ generation, input, created: true });
        setSearchParams({ g: generation.id }, { replace: true });
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        // The server's field errors go next to the studio's controls.
        const fieldErrors: StudioErrors = {};
        for (const [field, message] of Object.entries(error.fieldErrors)) {
          const target = studioFieldOf(field);
          if (target) fieldErrors[target] ??= message;
        }
        setErrors(fieldErrors);
      },
    });
  }

  function handleSubmit() {
    if (create.isPending) return; // the button stays focusable while busy (aria-disabled)
    setSubmitted(true);
    const found = validateStudio(values);
    setErrors(found);
    if (Object.keys(found).length) {
      create.reset();
      return;
    }
    submit(toGenerationInput(values));
  }

  const busy = create.isPending;
  const available = user?.available_credits ?? 0;
  const price = quoteInput ? quote.data?.credits : undefined;
  const short = price !== undefined && price > available;
  const quoteFailed = quoteInput !== null && price === undefined && quote.isError;

  return (
    <section className="page studio">
      <header className="page__header">
        <h1 className="page__title">Создать дизайн</h1>
        <p className="page__subtitle">Опишите торт своими словами — мы нарисуем эскиз.</p>
      </header>
      <div className="studio__grid">
        <StudioForm
          values={values}
          errors={errors}
          styles={styles.data ?? []}
          stylesLoading={styles.isPending}
          draftsAvailable={draftsAvailable}
          onChange={change}
          onSubmit={handleSubmit}
        />
        <aside className="studio__side">
          <div className="card quote" data-testid="quote">
            <dl className="quote__list">
              <div className="quote__row">
                <dt>Стоимость</dt>
                <dd data-testid="quote-credits" aria-busy={quote.isFetching}>
                  {price !== undefined ? formatCredits(price) : quoteInput && !quoteFailed ? '…' : '—'}
                </dd>
              </div>
              <div className="quote__row">
                <dt>Доступно</dt>
                <dd data-testid="available-credits">{formatCredits(available)}</dd>
              </div>
            </dl>
            {!quoteInput && !submitted ? <p className="quote__hint muted">Цена появится, когда описание будет готово.</p> : null}
            {quoteFailed ? (
              <p className="quote__hint muted" role="alert" data-testid="quote-error">
                Не удалось рассчитать цену. {messageOf(quote.error)}
              </p>
            ) : null}
            {short ? (
              <p className="quote__short">
                Не хватает {formatCredits(price - available)}. <Link to="/balance">Пополнить баланс</Link>
              </p>
            ) : null}
            {create.error ? <SubmitError error={create.error} /> : null}
            <button
              type="submit"
              form={STUDIO_FORM_ID}
              className="btn btn--primary btn--block btn--lg"
              // aria-disabled, not disabled: a disabled button would drop the keyboard focus to <body>
              aria-disabled={busy || undefined}
              data-testid="submit-generation"
            >
              {busy ? 'Отправляем…' : 'Создать дизайн'}
            </button>
          </div>
          <ResultPanel
            current={current}
            busy={busy}
            onVariant={(input) => submit({ ...input, seed: randomSeed() })}
            onRepeat={(input, seed) => submit({ ...input, seed })}
            onFullQuality={(input, seed) => {
              setValues((v) => withQuality(v, 'standard'));
              submit({ ...fullQualityOf(input), seed });
            }}
          />
        </aside>
      </div>
    </section>
  );
}

function SubmitError({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 402) {
    return (
      <Alert tone="warning" title="Недостаточно кредитов" testId="insufficient-credits">
        <p>{error.message}</p>
        <p>
          <Link to="/balance">Пополните баланс</Link> и попробуйте снова.
        </p>
      </Alert>
    );
  }
  const message = formErrorMessage(error, STUDIO_FIELDS) ?? 'Проверьте отмеченные поля формы.';
  return (
    <Alert tone="error" testId="submit-error">
      {message}
    </Alert>
  );
}
