import { Link, useParams, useSearchParams } from 'react-router';
import { FinishedDesign } from '../../shared/generation/FinishedDesign';
import { designLink, type PrintingTab } from '../../shared/generation/links';
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
      <FinishedDesign id={id} notReady="Дождитесь, пока дизайн будет создан.">
        {(design) => (
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="printing__panel">
            <p className="muted printing__source">
              Дизайн: <Link to={designLink(design.id)}>{design.prompt_ru}</Link> · {design.width}×{design.height} px
            </p>
            {tab === 'inscription' ? (
              <InscriptionPanel key={design.id} design={design} />
            ) : tab === 'upscale' ? (
              <UpscalePanel key={design.id} design={design} />
            ) : (
              <PrintPanel key={design.id} design={design} onUpscale={() => select('upscale')} />
            )}
          </div>
        )}
      </FinishedDesign>
    </section>
  );
}
