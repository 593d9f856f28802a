import { useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../api/errors';
import type { Generation, UpscaleFactor } from '../../api/models';
import { TrackedProgress } from '../../shared/generation/GenerationProgress';
import { designLink, printingLink } from '../../shared/generation/links';
import { useGenerationTracker } from '../../shared/generation/useGenerationTracker';
import { useAuth } from '../../shared/auth/AuthProvider';
import { formatCredits } from '../../shared/lib/format';
import { Alert } from '../../shared/ui/Alert';
import { useUpscale, useUpscaleQuote } from './hooks';
import { MAX_UPSCALE_SIDE, canUpscale } from './upscalable';

/** «Увеличить для печати»: 2 or 4 times a side on a worker, charged only once it is ready. */
export function UpscalePanel({ design }: { design: Generation }) {
  const [factor, setFactor] = useState<UpscaleFactor>(4);
  const upscale = useUpscale(design.id);
  const tooBig = !canUpscale(design);
  const quote = useUpscaleQuote(design.id, factor, !tooBig && !upscale.data);
  const { user } = useAuth();
  const price = quote.data?.credits;
  const available = user?.available_credits ?? 0;
  const short = price !== undefined && user !== null && price > available;

  return (
    <div className="printing__form printing__upscale">
      <p>
        Для печати нужно 300 точек на дюйм: дизайн {design.width}×{design.height} px на торте 20 см даёт около{' '}
        {Math.floor((25.4 * design.width) / 206)}. Увеличение дорисует мелкие детали.
      </p>
      {tooBig ? (
        <Alert tone="info" title="Уже достаточно крупно">
          <p>Увеличивать можно дизайны до {MAX_UPSCALE_SIDE} px по стороне.</p>
        </Alert>
      ) : (
        <>
          <fieldset className="printing__choices">
            <legend>Во сколько раз</legend>
            {([2, 4] as const).map((f) => (
              <label key={f} className={`chip${factor === f ? ' chip--active' : ''}`}>
                <input type="radio" name="factor" value={f} checked={factor === f} onChange={() => setFactor(f)} />
                В {f} раза: {design.width * f}×{design.height * f} px
              </label>
            ))}
          </fieldset>
          {quote.isError ? (
            <Alert tone="error" title="Увеличить не получится">
              <p data-testid="upscale-quote-error">{messageOf(quote.error)}</p>
            </Alert>
          ) : short ? (
            <p data-testid="upscale-short">
              Стоит {formatCredits(price)}, доступно {formatCredits(available)}.{' '}
              <Link to="/balance" data-testid="upscale-top-up">
                Пополнить баланс
              </Link>
            </p>
          ) : null}
          <button
            type="button"
            className="btn btn--primary"
            disabled={upscale.isPending || !!upscale.data || quote.isError || short}
            onClick={() => upscale.mutate(factor)}
            data-testid="upscale-submit"
          >
            Увеличить для печати{price !== undefined ? ` — ${formatCredits(price)}` : ''}
          </button>
          <p className="muted">Кредиты спишутся только после готовности; при сбое ничего не списывается.</p>
        </>
      )}
      {upscale.isError ? <Alert tone="error">{messageOf(upscale.error)}</Alert> : null}
      {upscale.data ? <UpscaleProgress job={upscale.data} /> : null}
    </div>
  );
}

function UpscaleProgress({ job }: { job: Generation }) {
  const tracked = useGenerationTracker(job);
  if (!tracked) return null;
  const done = tracked.status === 'success' ? tracked.generation : null;
  return (
    <div className="printing__job" data-testid="upscale-job">
      <p className="muted">Зарезервировано: {formatCredits(job.credits_reserved)}</p>
      <TrackedProgress tracked={tracked} />
      {done ? (
        <Alert tone="success" title="Готово">
          <p>
            Дизайн увеличен до {done.width}×{done.height} px.
          </p>
          <p className="printing__links">
            <Link to={designLink(done.id)}>Открыть дизайн</Link>
            <Link to={printingLink(done.id, 'print')} data-testid="upscaled-print">
              Печать на торт
            </Link>
          </p>
        </Alert>
      ) : null}
    </div>
  );
}
