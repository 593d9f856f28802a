import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, messageOf } from '../../api/errors';
import { useReadiness, useStyles } from '../../api/queries';
import type { Generation, GenerationInput } from '../../api/models';
import { randomSeed } from '../../shared/lib/ids';
import { formatCredits, formatVariants } from '../../shared/lib/format';
import { useDebounced } from '../../shared/lib/useDebounced';
import { bringIntoView } from '../../shared/a11y/scrollIntoView';
import { Alert } from '../../shared/ui/Alert';
import { useAuth } from '../../shared/auth/AuthProvider';
import { useActiveGenerations } from '../../shared/generation/activeGenerations';
import { groupVariants } from '../../shared/generation/links';
import { SubmitError } from '../../shared/generation/SubmitError';
import { useCreateGeneration, useQuote, useResumedGeneration, useResumedGenerations } from './hooks';
import { ResultPanel, type StudioRun } from './ResultPanel';
import { STUDIO_FORM_ID, StudioForm } from './StudioForm';
import {
  fullQualityOf,
  inputFromGeneration,
  initialStudioValues,
  pictureOfDesign,
  quoteBlocker,
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
const STUDIO_FIELDS = ['prompt_ru', 'negative_prompt_ru', 'style', 'size', 'width', 'height', 'steps', 'guidance', 'seed', 'quality', 'variants', 'strength', 'init_image'];

/** ?g=<id>&g=<id>…: the generations the page watches, so a reload or a later visit resumes them. */
const watchParams = (generations: Generation[]) => new URLSearchParams(generations.map((g) => ['g', g.id]));

/** «4 варианта × 10 = 40 кредитов» (one variant: just the price). */
export function priceText(total: number, perVariant: number, variants: number): string {
  if (variants <= 1) return formatCredits(total);
  return `${formatVariants(variants)} × ${perVariant} = ${formatCredits(total)}`;
}

export function StudioPage() {
  const { user } = useAuth();
  const styles = useStyles();
  // Drafts are offered only when the server says so: never fall back to standard behind the user's back.
  const draftsAvailable = useReadiness().data?.ml_engine?.drafts === true;
  const [values, setValues] = useState<StudioValues>(() => initialStudioValues());
  const [errors, setErrors] = useState<StudioErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateGeneration();
  const [current, setCurrent] = useState<StudioRun | null>(null);
  // ?g=<id> keeps the generations being watched in the URL (one per variant): reload or come back later
  // and they resume. Only the ids the page was opened with are resumed; later ids are this page's own.
  // ?from=<id>[&refine=1] opens the studio with a design's settings («Открыть в студии», «Доработать»).
  const [searchParams, setSearchParams] = useSearchParams();
  const [opened, setOpened] = useState(() => ({ resume: searchParams.getAll('g'), from: searchParams.get('from'), refine: searchParams.get('refine') === '1' }));
  // Back through the menu while a studio submit still runs: follow it again (all its variants).
  const running = useActiveGenerations().items.filter((g) => !g.mask_upload_id);
  if (!opened.resume.length && !opened.from && !current && running.length) {
    // The newest submit's variants, in variant order.
    const [newest] = groupVariants(running);
    setOpened((o) => ({ ...o, resume: newest.map((g) => g.id) }));
  }
  const resumed = useResumedGenerations(opened.resume);
  const source = useResumedGeneration(opened.resume.length ? null : opened.from);
  const [reuseSeed, setReuseSeed] = useState<number | null>(null);
  const [sourceApplied, setSourceApplied] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);

  // State adjusted while rendering (not in effects), so the page never paints the stale state first.
  if (resumed.settled && resumed.data.length && !current) {
    // Only until this page submits something itself: a newer submit wins.
    const [first] = resumed.data;
    setCurrent({ generations: resumed.data, input: inputFromGeneration(first) });
    setValues({ ...valuesFromGeneration(first), variants: resumed.data.length });
  }
  if (source.data && !sourceApplied) {
    setSourceApplied(true);
    const from = source.data;
    setValues({ ...valuesFromGeneration(from, { keepSeed: false }), ...(opened.refine && from.public_url ? { picture: pictureOfDesign(from) } : {}) });
    setReuseSeed(from.seed);
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
      onSuccess: (generations) => {
        setCurrent({ generations, input, created: true });
        setSearchParams(watchParams(generations), { replace: true });
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

  /** «Доработать»: the chosen design becomes the picture the next submit starts from. */
  function refine(design: Generation) {
    setValues((v) => ({ ...v, picture: pictureOfDesign(design) }));
    setShowPicture((n) => n + 1);
  }
  // After «Доработать» has rendered the picture: show it and put the focus on «Насколько можно менять».
  const [showPicture, setShowPicture] = useState(0);
  useEffect(() => {
    if (!showPicture) return;
    const field = formRef.current?.querySelector<HTMLElement>('[data-testid="picture-field"]');
    bringIntoView(field);
    field?.querySelector<HTMLElement>('input[type="range"]')?.focus({ preventScroll: true });
  }, [showPicture]);

  const busy = create.isPending;
  const available = user?.available_credits ?? 0;
  const price = quoteInput ? quote.data?.credits : undefined;
  const perVariant = quote.data?.per_variant ?? (price !== undefined ? Math.ceil(price / values.variants) : 0);
  const short = price !== undefined && price > available;
  // Nothing to spend (or less than the price): the main button leads to the top-up instead.
  const topUpFirst = short || (user !== null && available <= 0);
  const quoteFailed = quoteInput !== null && price === undefined && quote.isError;
  const blocker = quoteBlocker(values, clientErrors);

  return (
    <section className="page studio">
      <header className="page__header">
        <h1 className="page__title">Создать дизайн</h1>
        <p className="page__subtitle">Опишите торт своими словами — мы нарисуем эскиз.</p>
      </header>
      {source.data ? (
        <Alert tone="info" testId="source-note">
          {opened.refine ? 'Дорабатываем ваш дизайн: настройки и картинка взяты из него.' : 'Настройки взяты из вашего дизайна — измените, что хотите.'}
        </Alert>
      ) : null}
      {source.isError ? (
        <Alert tone="warning" testId="source-error">
          Не удалось открыть дизайн в студии. {messageOf(source.error)}
        </Alert>
      ) : null}
      <div className="studio__grid" ref={formRef}>
        <StudioForm
          values={values}
          errors={errors}
          styles={styles.data ?? []}
          stylesLoading={styles.isPending}
          draftsAvailable={draftsAvailable}
          reuseSeed={reuseSeed}
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
              {price !== undefined && values.variants > 1 ? (
                <div className="quote__row quote__breakdown">
                  <dt className="visually-hidden">Расчёт</dt>
                  <dd className="muted" data-testid="quote-breakdown">
                    {priceText(price, perVariant, values.variants)}
                  </dd>
                </div>
              ) : null}
              <div className="quote__row">
                <dt>Доступно</dt>
                <dd data-testid="available-credits">{formatCredits(available)}</dd>
              </div>
            </dl>
            {blocker ? (
              <p className="quote__hint muted" data-testid="quote-hint">
                {blocker}
              </p>
            ) : null}
            {quoteFailed ? (
              <p className="quote__hint muted" role="alert" data-testid="quote-error">
                Не удалось рассчитать цену. {messageOf(quote.error)}
              </p>
            ) : null}
            {short ? (
              <p className="quote__short" data-testid="quote-short">
                Не хватает {formatCredits(price - available)}.
              </p>
            ) : null}
            {create.error && !short ? <SubmitError error={create.error} fields={STUDIO_FIELDS} /> : null}
            {topUpFirst ? (
              <Link to="/balance" className="btn btn--primary btn--block btn--lg" data-testid="top-up-first">
                Пополнить баланс
              </Link>
            ) : (
              <button
                type="submit"
                form={STUDIO_FORM_ID}
                className="btn btn--primary btn--block btn--lg"
                // aria-disabled, not disabled: a disabled button would drop the keyboard focus to <body>
                aria-disabled={busy || undefined}
                data-testid="submit-generation"
              >
                {busy ? 'Отправляем…' : values.variants > 1 ? `Создать ${formatVariants(values.variants)}` : 'Создать дизайн'}
              </button>
            )}
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
            onChoose={(generation) => {
              setCurrent((run) => run && { generations: [generation], input: { ...run.input, variants: undefined } });
              setSearchParams(watchParams([generation]), { replace: true });
            }}
            onRefine={refine}
          />
        </aside>
      </div>
    </section>
  );
}
