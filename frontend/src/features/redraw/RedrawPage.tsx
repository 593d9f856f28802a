import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { LIMITS } from '../../api/limits';
import type { Generation } from '../../api/models';
import { useGenerationOnce, useQuote } from '../../api/queries';
import { useAuth } from '../../shared/auth/AuthProvider';
import { FinishedDesign } from '../../shared/generation/FinishedDesign';
import { TrackedProgress } from '../../shared/generation/GenerationProgress';
import { PromptField } from '../../shared/generation/PromptField';
import { StrengthSlider } from '../../shared/generation/StrengthSlider';
import { SubmitError } from '../../shared/generation/SubmitError';
import { redrawLink } from '../../shared/generation/links';
import { useGenerationAnnouncement } from '../../shared/generation/useGenerationAnnouncement';
import { useGenerationTracker } from '../../shared/generation/useGenerationTracker';
import { formatCredits } from '../../shared/lib/format';
import { descriptionLength } from '../../shared/lib/text';
import { useDebounced } from '../../shared/lib/useDebounced';
import { validatePrompt } from '../../shared/lib/validation';
import { Field } from '../../shared/ui/Field';
import { redrawInput, useSubmitRedraw } from './hooks';
import { addStroke, clearStrokes, emptyHistory, hasPaint, rasterizeMask, undo } from './mask';
import { MaskCanvas } from './MaskCanvas';
import './redraw.css';

export const DEFAULT_STRENGTH = 0.75;
const BRUSH = { min: 8, max: 160, step: 4 };
const QUOTE_DEBOUNCE_MS = 300;

const brushDefault = (source: Generation) => Math.round(Math.min(source.width, source.height) / 10);

/** Too short asks for an instruction; too long says the limit (counted as the server counts). */
function instructionError(instruction: string): string | undefined {
  if (!validatePrompt(instruction)) return undefined;
  if (descriptionLength(instruction) > LIMITS.prompt.max) return `Не больше ${LIMITS.prompt.max} символов.`;
  return 'Напишите, что нарисовать в выделенной области: хотя бы 3 символа.';
}

/** «Перерисовать часть»: paint over the area of a finished design and say what to draw there. */
export function RedrawPage() {
  const { id = '' } = useParams();
  return (
    <section className="page redraw">
      <header className="page__header">
        <h1 className="page__title">Перерисовать часть</h1>
        <p className="page__subtitle">Закрасьте кистью то, что нужно изменить, и напишите, что нарисовать вместо этого.</p>
      </header>
      <FinishedDesign id={id} notReady="Перерисовать можно только готовый дизайн.">
        {(source) => <RedrawEditor key={source.id} source={source} />}
      </FinishedDesign>
    </section>
  );
}

function RedrawEditor({ source }: { source: Generation }) {
  const { user } = useAuth();
  const [history, setHistory] = useState(emptyHistory);
  const [erase, setErase] = useState(false);
  const [size, setSize] = useState(() => brushDefault(source));
  const [instruction, setInstruction] = useState('');
  const [strength, setStrength] = useState(DEFAULT_STRENGTH);
  const [errors, setErrors] = useState<{ mask?: string; instruction?: string }>({});
  const submit = useSubmitRedraw();

  // ?g=<id>: the redraw being followed stays in the URL, so leaving and coming back shows it again.
  const [searchParams, setSearchParams] = useSearchParams();
  const [resumeId] = useState(() => searchParams.get('g'));
  const resumed = useGenerationOnce(resumeId);
  const [created, setCreated] = useState<Generation | null>(null);
  const current = created ?? resumed.data ?? null;

  // The mask does not change the price: it is asked before anything is uploaded.
  const quoteInput = useMemo(
    () => redrawInput(source, validatePrompt(instruction) ? source.prompt_ru : instruction.trim(), strength),
    [source, instruction, strength],
  );
  const quote = useQuote(useDebounced(quoteInput, QUOTE_DEBOUNCE_MS));
  const price = quote.data?.credits;
  const available = user?.available_credits ?? 0;
  // Only a known balance can be short (not the moment before the account has loaded).
  const short = user !== null && price !== undefined && price > available;

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (submit.isPending) return;
    const mask = rasterizeMask(history.strokes, source.width, source.height);
    const found = {
      mask: hasPaint(mask) ? undefined : 'Закрасьте кистью область, которую нужно перерисовать.',
      instruction: instructionError(instruction),
    };
    setErrors(found);
    if (found.mask || found.instruction) return;
    submit.mutate(
      { input: redrawInput(source, instruction.trim(), strength), mask, width: source.width, height: source.height },
      {
        onSuccess: (generation) => {
          setCreated(generation);
          setSearchParams({ g: generation.id }, { replace: true });
        },
      },
    );
  }

  const running = current !== null && (current.status === 'pending' || current.status === 'processing');
  return (
    <div className="redraw__grid">
      <div className="redraw__canvas card">
        <MaskCanvas
          src={source.public_url as string}
          alt={`Дизайн торта: ${source.prompt_ru}`}
          width={source.width}
          height={source.height}
          strokes={history.strokes}
          size={size}
          erase={erase}
          onStroke={(stroke) => {
            setHistory((h) => addStroke(h, stroke));
            setErrors((e) => ({ ...e, mask: undefined }));
          }}
        />
        {errors.mask ? (
          <p className="field__error" role="alert" data-testid="mask-error">
            {errors.mask}
          </p>
        ) : null}
        <div className="redraw__tools">
          <fieldset className="redraw__tool">
            <legend className="visually-hidden">Инструмент</legend>
            <label className={`chip${erase ? '' : ' chip--active'}`}>
              <input type="radio" name="tool" className="visually-hidden" checked={!erase} onChange={() => setErase(false)} />
              Кисть
            </label>
            <label className={`chip${erase ? ' chip--active' : ''}`}>
              <input type="radio" name="tool" className="visually-hidden" checked={erase} onChange={() => setErase(true)} />
              Ластик
            </label>
          </fieldset>
          <div className="redraw__size">
            <label htmlFor="brush-size">Размер кисти</label>
            <input
              id="brush-size"
              type="range"
              min={BRUSH.min}
              max={BRUSH.max}
              step={BRUSH.step}
              value={size}
              onChange={(e) => setSize(Number(e.target.value))}
            />
            <span className="redraw__dot" aria-hidden="true" style={{ width: dotPx(size, source), height: dotPx(size, source) }} />
          </div>
          <div className="redraw__buttons">
            <button type="button" className="btn btn--ghost btn--sm" disabled={!history.past.length} onClick={() => setHistory(undo)}>
              Отменить шаг
            </button>
            <button type="button" className="btn btn--ghost btn--sm" disabled={!history.strokes.length} onClick={() => setHistory(clearStrokes)}>
              Очистить
            </button>
          </div>
        </div>
      </div>
      <div className="redraw__side">
        <form className="card redraw__form" onSubmit={handleSubmit} noValidate>
          <PromptField
            label="Что нарисовать в выделенной области"
            hint="Например: заменить топпер на золотую цифру 7"
            error={errors.instruction}
            rows={3}
            value={instruction}
            onChange={(text) => {
              setInstruction(text);
              if (errors.instruction) setErrors((x) => ({ ...x, instruction: undefined }));
            }}
          />
          <Field
            label="Насколько сильно менять область"
            hint="Слева — чуть подправить, справа — нарисовать заново."
            aside={<output htmlFor="redraw-strength">{Math.round(strength * 100)}%</output>}
          >
            <StrengthSlider id="redraw-strength" value={strength} onChange={setStrength} />
          </Field>
          <dl className="redraw__price">
            <div className="redraw__price-row">
              <dt>Стоимость</dt>
              <dd data-testid="quote-credits" aria-busy={quote.isFetching}>
                {price !== undefined ? formatCredits(price) : quote.isError ? '—' : '…'}
              </dd>
            </div>
            <div className="redraw__price-row">
              <dt>Доступно</dt>
              <dd>{formatCredits(available)}</dd>
            </div>
          </dl>
          {quote.isError && price === undefined ? (
            <p className="muted" role="alert">
              Не удалось рассчитать цену. {messageOf(quote.error)}
            </p>
          ) : null}
          {submit.error ? <SubmitError error={submit.error} /> : null}
          {short ? (
            <Link className="btn btn--primary btn--block" to="/balance">
              Пополнить баланс: не хватает {formatCredits(price - available)}
            </Link>
          ) : (
            <button type="submit" className="btn btn--primary btn--block" aria-disabled={submit.isPending || running || undefined}>
              {submit.isPending ? 'Отправляем…' : 'Перерисовать'}
            </button>
          )}
        </form>
        {current ? <RedrawResult generation={current} source={source} focus={created?.id === current.id} /> : null}
      </div>
    </div>
  );
}

/** The brush preview next to the slider: the brush's size as it shows over the picture (at most 48 px). */
function dotPx(size: number, source: Generation): number {
  return Math.max(4, Math.min(48, Math.round((size / Math.max(source.width, source.height)) * 320)));
}

function RedrawResult({ generation, source, focus }: { generation: Generation; source: Generation; focus: boolean }) {
  const tracked = useGenerationTracker(generation);
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    // On a phone the result is below the form: bring it into view (and the focus to it) after a submit.
    if (!focus) return;
    card.current?.scrollIntoView?.({ block: 'start' }); // (jsdom has none)
    card.current?.focus({ preventScroll: true });
  }, [focus, generation.id]);
  useGenerationAnnouncement(tracked?.status ?? null, Boolean(tracked?.generation?.public_url), tracked?.error);
  if (!tracked) return null;
  const record = tracked.generation;
  return (
    <section className="card redraw__result" aria-label="Новый вариант" tabIndex={-1} ref={card} data-testid="redraw-result">
      <TrackedProgress tracked={tracked} />
      {tracked.status === 'success' && record?.public_url ? (
        <figure className="redraw__figure">
          <img
            src={record.public_url}
            alt={`Новый вариант: ${record.prompt_ru}`}
            width={record.width}
            height={record.height}
            data-testid="redraw-image"
          />
          <figcaption className="muted">Списано: {formatCredits(record.credits_spent)}</figcaption>
        </figure>
      ) : null}
      {tracked.status === 'success' && record ? (
        <div className="redraw__actions">
          <Link className="btn btn--secondary" to={redrawLink(record.id)}>
            Перерисовать ещё часть
          </Link>
          <Link className="btn btn--ghost" to="/gallery">
            Мои дизайны
          </Link>
        </div>
      ) : null}
      {tracked.status === 'failed' ? (
        <p className="muted">Закрашенная область осталась: можно попробовать ещё раз с тем же дизайном «{source.prompt_ru}».</p>
      ) : null}
    </section>
  );
}
