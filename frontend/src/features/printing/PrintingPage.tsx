import { Link, useParams, useSearchParams } from 'react-router';
import { useGenerationOnce } from '../../api/queries';
import { designLink, type PrintingTab } from '../../shared/generation/links';
import { Alert } from '../../shared/ui/Alert';
import { ErrorState, Spinner } from '../../shared/ui/States';
import { InscriptionPanel } from './InscriptionPanel';
import { PrintPanel } from './PrintPanel';
import { UpscalePanel } from './UpscalePanel';
import './printing.css';

const TABS: { id: PrintingTab; label: string }[] = [
  { id: 'inscription', label: 'Надпись' },
  { id: 'upscale', label: 'Увеличить для печати' },
  { id: 'print', label: 'Печать на торт' },
];

const isTab = (value: string | null): value is PrintingTab => TABS.some((t) => t.id === value);

/** «Для торта»: an inscription the model cannot write, the upscale for print, the edible-print file. */
export function PrintingPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: PrintingTab = isTab(raw) ? raw : 'print';
  const design = useGenerationOnce(id);
  const select = (next: PrintingTab) => setParams({ tab: next }, { replace: true });

  return (
    <section className="page printing">
      <header className="page__header">
        <h1 className="page__title">Для торта</h1>
        <p className="page__subtitle">Надпись на дизайне, увеличение для печати и файл для пищевого принтера.</p>
      </header>
      <div className="printing__tabs" role="tablist" aria-label="Что сделать с дизайном">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={`chip${tab === t.id ? ' chip--active' : ''}`}
            onClick={() => select(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {design.isPending ? (
        <Spinner label="Загружаем дизайн…" />
      ) : design.isError ? (
        <ErrorState error={design.error} onRetry={() => void design.refetch()} />
      ) : design.data.status !== 'success' || !design.data.public_url ? (
        <Alert tone="info" title="Этот дизайн ещё не готов">
          <p>
            Дождитесь, пока дизайн будет создан. <Link to="/gallery">Мои дизайны</Link>
          </p>
        </Alert>
      ) : (
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="printing__panel">
          <p className="muted printing__source">
            Дизайн: <Link to={designLink(design.data.id)}>{design.data.prompt_ru}</Link> · {design.data.width}×{design.data.height} px
          </p>
          {tab === 'inscription' ? (
            <InscriptionPanel key={design.data.id} design={design.data} />
          ) : tab === 'upscale' ? (
            <UpscalePanel key={design.data.id} design={design.data} />
          ) : (
            <PrintPanel key={design.data.id} design={design.data} onUpscale={() => select('upscale')} />
          )}
        </div>
      )}
    </section>
  );
}
