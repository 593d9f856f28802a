import { messageOf } from '../../api/errors';
import { useEffect, useRef } from 'react';
import { useStyles } from '../../api/queries';
import type { Generation, GenerationInput } from '../../api/models';
import { formatCredits } from '../../shared/lib/format';
import { CakeIcon } from '../../shared/ui/Logo';
import { Spinner } from '../../shared/ui/States';
import { TrackedProgress } from '../../shared/generation/GenerationProgress';
import { useCancelGeneration } from './hooks';
import { useGenerationAnnouncement } from '../../shared/generation/useGenerationAnnouncement';
import { useGenerationTracker } from '../../shared/generation/useGenerationTracker';

/** The generation the studio shows; `created`: submitted from the page (not resumed), so the focus follows it. */
export interface StudioGeneration {
  generation: Generation;
  input: GenerationInput;
  created?: boolean;
}

interface ResultPanelProps {
  current: StudioGeneration | null;
  busy: boolean;
  /** Same prompt and settings, a new seed. */
  onVariant: (input: GenerationInput) => void;
  /** Same prompt, settings and seed. */
  onRepeat: (input: GenerationInput, seed: number) => void;
  /** A finished draft again in standard quality, same seed and settings. */
  onFullQuality: (input: GenerationInput, seed: number) => void;
}

export function ResultPanel({ current, busy, onVariant, onRepeat, onFullQuality }: ResultPanelProps) {
  const tracked = useGenerationTracker(current?.generation ?? null);
  const styles = useStyles();
  const cancel = useCancelGeneration();
  const card = useRef<HTMLElement>(null);
  const focusId = current?.created ? current.generation.id : null;
  useEffect(() => {
    if (focusId) card.current?.focus();
  }, [focusId]);
  useGenerationAnnouncement(tracked?.status ?? null, Boolean(tracked?.generation?.public_url), tracked?.error);

  if (!current || !tracked) {
    return (
      <div className="card result result--empty" data-testid="result-placeholder">
        <div className="result__placeholder" aria-hidden="true">
          <CakeIcon size={88} />
        </div>
        <p className="muted">Здесь появится ваш дизайн.</p>
      </div>
    );
  }

  const record = tracked.generation;
  const styleTitle = styles.data?.find((s) => s.code === (record?.style ?? current.input.style))?.title;
  const seed = record?.seed ?? current.generation.seed;
  const done = tracked.status === 'success' || tracked.status === 'failed' || tracked.status === 'cancelled';
  const draft = (record?.quality ?? current.input.quality) === 'draft';

  return (
    <section className="card result" data-testid="result" aria-label="Ваш дизайн" tabIndex={-1} ref={card}>
      <TrackedProgress tracked={tracked} />
      {tracked.status === 'pending' ? (
        <div className="result__actions">
          <button
            type="button"
            className="btn btn--ghost"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(current.generation.id)}
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
      {tracked.status === 'success' && record?.public_url ? (
        <figure className="result__figure">
          <img
            className="result__image"
            src={record.public_url}
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
            <span>seed {seed}</span>
            {draft ? <span>черновик</span> : null}
            <span>{formatCredits(record.credits_spent)}</span>
          </figcaption>
        </figure>
      ) : null}
      {done ? (
        <div className="result__actions">
          {/* S3 serves the image as an attachment: the link saves it even cross-origin */}
          {record?.public_url && tracked.status === 'success' ? (
            <a className="btn btn--ghost" href={record.public_url} download={`tort-${record.id}.png`}>
              Скачать
            </a>
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
