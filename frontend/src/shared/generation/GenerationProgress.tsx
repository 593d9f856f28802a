import type { GenerationStatus } from '../../api/models';
import type { TrackedGeneration } from './useGenerationTracker';
import './progress.css';

interface GenerationProgressProps {
  status: GenerationStatus;
  /** 0..1 as reported by the worker. */
  progress: number;
  /** Pending requests ahead of this one (0 = next), as the API reports it. */
  queuePosition: number | null;
  error?: string | null;
  /** The latest in-progress picture (a small data URI), shown while the worker draws (unless the page shows it itself). */
  preview?: string | null;
}

/** The blur of the sketch: strong at the start, gone near the end, so the picture visibly sharpens. */
export function previewBlurPx(percent: number): number {
  return Math.round(Math.max(0, 1 - percent / 100) * 12 * 10) / 10;
}

export function progressPercent(status: GenerationStatus, progress: number): number {
  if (status === 'success') return 100;
  if (status === 'pending') return 0;
  const value = Number.isFinite(progress) ? progress : 0;
  return Math.max(0, Math.min(100, Math.round(value * 100)));
}

function caption(status: GenerationStatus, percent: number, queuePosition: number | null): string {
  switch (status) {
    case 'pending':
      if (queuePosition && queuePosition > 0) return `В очереди: перед вами ${queuePosition}`;
      return 'В очереди: вы следующий';
    case 'processing':
      // the percent has its own place beside the caption: said once
      return percent >= 100 ? 'Сохраняем изображение…' : 'Рисуем торт…';
    case 'success':
      return 'Готово!';
    case 'failed':
      return 'Не получилось';
    case 'cancelled':
      return 'Отменено';
  }
}

/** The live progress bar of one generation (queue position while pending, percent while drawing). */
export function GenerationProgress({ status, progress, queuePosition, error, preview }: GenerationProgressProps) {
  const percent = progressPercent(status, progress);
  const text = caption(status, percent, queuePosition);
  return (
    <div className={`progress progress--${status}`} data-testid="generation-progress" data-status={status}>
      {preview && status === 'processing' ? (
        <div className="progress__preview">
          <img
            className="progress__preview-image"
            src={preview}
            alt="Набросок: торт проявляется"
            style={{ filter: `blur(${previewBlurPx(percent)}px)` }}
            data-testid="generation-preview"
          />
        </div>
      ) : null}
      <div className="progress__head">
        {/* not a live region: every percent would be read out; useGenerationAnnouncement speaks instead */}
        <span className="progress__caption">{text}</span>
        <span className="progress__percent">{percent}%</span>
      </div>
      <div
        className="progress__track"
        role="progressbar"
        aria-label="Прогресс генерации"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={status === 'processing' && percent < 100 ? `${text} ${percent}%` : text}
      >
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      {status === 'pending' ? (
        <p className="progress__queue">Рисунок начнётся, как только подойдёт ваша очередь.</p>
      ) : null}
      {status === 'cancelled' ? (
        <p className="progress__queue">Генерация отменена. Кредиты не списаны.</p>
      ) : null}
      {status === 'failed' ? (
        <p className="progress__error" data-testid="generation-error">
          {/* The server's message names the failure and says that no credits were charged. */}
          {error || 'Ошибка генерации. Кредиты не списаны.'}
        </p>
      ) : null}
    </div>
  );
}

/** The progress block of a generation followed with useGenerationTracker (latest sketch included,
 * unless `withPreview` is false: the page draws the sketch in the picture's own place). */
export function TrackedProgress({ tracked, withPreview = true }: { tracked: TrackedGeneration; withPreview?: boolean }) {
  return (
    <GenerationProgress
      status={tracked.status}
      progress={tracked.progress}
      queuePosition={tracked.queuePosition}
      error={tracked.error}
      preview={withPreview ? tracked.preview : null}
    />
  );
}
