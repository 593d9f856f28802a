import { messageOf } from '../../api/errors';
import { useEffect, useRef, type RefObject } from 'react';
import { useStyles } from '../../api/queries';
import type { Generation, GenerationInput } from '../../api/models';
import { bringIntoView } from '../../shared/a11y/scrollIntoView';
import { formatCredits } from '../../shared/lib/format';
import { CakeIcon } from '../../shared/ui/Logo';
import { Spinner } from '../../shared/ui/States';
import { previewBlurPx, progressPercent, TrackedProgress } from '../../shared/generation/GenerationProgress';
import { useCancelGeneration } from './hooks';
import { useGenerationAnnouncement } from '../../shared/generation/useGenerationAnnouncement';
import { useGenerationTracker } from '../../shared/generation/useGenerationTracker';

/** What the studio shows: the generations of one submit (1–4 variants); `created`: submitted from the page (not resumed), so the focus follows it. */
export interface StudioRun {
  generations: Generation[];
  input: GenerationInput;
  created?: boolean;
}

interface ResultPanelProps {
  current: StudioRun | null;
  busy: boolean;
  /** Same prompt and settings, a new seed. */
  onVariant: (input: GenerationInput) => void;
  /** Same prompt, settings and seed. */
  onRepeat: (input: GenerationInput, seed: number) => void;
  /** A finished draft again in standard quality, same seed and settings. */
  onFullQuality: (input: GenerationInput, seed: number) => void;
  /** One of several variants becomes the result the next steps continue from. */
  onChoose: (generation: Generation) => void;
  /** «Доработать»: a finished design becomes the picture of the next submit. */
  onRefine: (generation: Generation) => void;
}

export function ResultPanel(props: ResultPanelProps) {
  const { current } = props;
  const card = useRef<HTMLElement>(null);
  const focusId = current?.created ? current.generations[0].id : null;
  useEffect(() => {
    const element = card.current;
    if (!focusId || !element) return;
    // On a phone the result sits below the form: bring it to the top of the screen (its picture's
    // place is kept from the start, so the picture lands in view), then give it the focus.
    bringIntoView(element);
    element.focus({ preventScroll: true });
  }, [focusId]);

  if (!current) {
    return (
      <div className="card result result--empty" data-testid="result-placeholder">
        <div className="result__placeholder" aria-hidden="true">
          <CakeIcon size={88} />
        </div>
        <p className="muted">Здесь появится ваш дизайн.</p>
      </div>
    );
  }
  if (current.generations.length > 1) {
    return (
      <section className="card result result--variants" data-testid="variants" aria-label="Варианты дизайна" tabIndex={-1} ref={card}>
        <h2 className="result__title">Варианты: выберите лучший</h2>
        <ul className="variants">
          {current.generations.map((generation, index) => (
            <VariantCard key={generation.id} generation={generation} index={index} onChoose={props.onChoose} onRefine={props.onRefine} />
          ))}
        </ul>
      </section>
    );
  }
  return <SingleResult {...props} current={current} cardRef={card} />;
}

function SingleResult({
  current,
  busy,
  onVariant,
  onRepeat,
  onFullQuality,
  onRefine,
  cardRef,
}: ResultPanelProps & { current: StudioRun; cardRef: RefObject<HTMLElement | null> }) {
  const first = current.generations[0];
  const tracked = useGenerationTracker(first);
  const styles = useStyles();
  const cancel = useCancelGeneration();
  useGenerationAnnouncement(tracked?.status ?? null, Boolean(tracked?.generation?.public_url), tracked?.error);
  if (!tracked) return null;

  const record = tracked.generation;
  const styleTitle = styles.data?.find((s) => s.code === (record?.style ?? current.input.style))?.title;
  const seed = record?.seed ?? first.seed;
  const done = tracked.status === 'success' || tracked.status === 'failed' || tracked.status === 'cancelled';
  const draft = (record?.quality ?? current.input.quality) === 'draft';

  const picture = tracked.status === 'success' && record?.public_url ? record.public_url : null;
  return (
    <section className="card result" data-testid="result" aria-label="Ваш дизайн" tabIndex={-1} ref={cardRef}>
      <TrackedProgress tracked={tracked} withPreview={false} />
      {tracked.status === 'pending' ? (
        <div className="result__actions">
          <button
            type="button"
            className="btn btn--ghost"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(first.id)}
          >
            {cancel.isPending ? 'Отменяем…' : 'Отменить'}
          </button>
          {cancel.isError ? (
            <p className="progress__error" role="alert">
              {messageOf(cancel.error)}
            </p>
          ) : null}
        </div>
      ) : null}
      {tracked.status === 'success' && !record ? <Spinner label="Загружаем результат…" /> : null}
      {tracked.status === 'pending' || tracked.status === 'processing' ? (
        // The picture's place, its size known from the start: the sketch shows here while drawing,
        // and the card does not grow (nor jump) when the picture arrives.
        <div className="result__frame" style={{ aspectRatio: `${first.width} / ${first.height}` }} data-testid="result-frame">
          {tracked.preview ? (
            <img
              className="result__sketch"
              src={tracked.preview}
              alt="Набросок: торт проявляется"
              style={{ filter: `blur(${previewBlurPx(progressPercent(tracked.status, tracked.progress))}px)` }}
              data-testid="generation-preview"
            />
          ) : (
            <CakeIcon size={72} />
          )}
        </div>
      ) : null}
      {picture && record ? (
        <figure className="result__figure">
          <img
            className="result__image"
            src={picture}
            alt={`Дизайн торта: ${record.prompt_ru}`}
            width={record.width}
            height={record.height}
            data-testid="result-image"
          />
          <figcaption className="result__meta">
            {styleTitle ? <span>{styleTitle}</span> : null}
            <span>
              {record.width}×{record.height}
            </span>
            <span>узор №{seed}</span>
            {draft ? <span>черновик</span> : null}
            <span>{formatCredits(record.credits_spent)}</span>
          </figcaption>
        </figure>
      ) : null}
      {done ? (
        <div className="result__actions">
          {/* S3 serves the image as an attachment named after the description and the day (the
              worker sets it): the link saves it under that name, even cross-origin */}
          {picture ? (
            <a className="btn btn--ghost" href={picture} download>
              Скачать
            </a>
          ) : null}
          {record && tracked.status === 'success' ? (
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => onRefine(record)} data-testid="refine">
              Доработать
            </button>
          ) : null}
          <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => onVariant(current.input)}>
            Ещё вариант
          </button>
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => onRepeat(current.input, seed)}>
            Повторить
          </button>
          {draft && tracked.status === 'success' ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => onFullQuality(current.input, seed)}
              data-testid="full-quality"
            >
              Сделать в полном качестве
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** One variant of a multi-variant submit, followed on its own as it finishes. */
function VariantCard({
  generation,
  index,
  onChoose,
  onRefine,
}: {
  generation: Generation;
  index: number;
  onChoose: (generation: Generation) => void;
  onRefine: (generation: Generation) => void;
}) {
  const tracked = useGenerationTracker(generation);
  if (!tracked) return null;
  const record = tracked.generation;
  const number = index + 1;
  const ready = tracked.status === 'success' && record?.public_url;
  return (
    <li className="variant" data-testid="variant" data-status={tracked.status}>
      <h3 className="variant__title">Вариант {number}</h3>
      {ready ? (
        <img
          className="variant__image"
          src={record.public_url as string}
          alt={`Вариант ${number}: ${record.prompt_ru}`}
          width={record.width}
          height={record.height}
          data-testid="variant-image"
        />
      ) : (
        <TrackedProgress tracked={tracked} />
      )}
      {ready ? (
        <div className="variant__actions">
          <button type="button" className="btn btn--primary btn--sm" onClick={() => onChoose(record)} aria-label={`Выбрать вариант ${number}`}>
            Выбрать
          </button>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => onRefine(record)} aria-label={`Доработать вариант ${number}`}>
            Доработать
          </button>
        </div>
      ) : null}
    </li>
  );
}
