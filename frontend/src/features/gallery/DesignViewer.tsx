import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Generation, Style } from '../../api/models';
import { designLink, printingLink, redrawLink } from '../../shared/generation/links';
import { formatCredits, formatDateTime } from '../../shared/lib/format';
import { studioLink } from '../../shared/lib/studioLink';
import { Modal } from '../../shared/ui/Modal';
import { DeleteDialog } from './DeleteDialog';
import { FeedbackThread } from './FeedbackThread';
import { LongText } from './LongText';
import { useFavorite } from './hooks';
import { ShareDialog } from './ShareDialog';
import { ZoomView } from './ZoomView';

interface DesignViewerProps {
  design: Generation;
  styles: Style[];
  onClose: () => void;
  /** The design was deleted (the viewer should go). */
  onDeleted: () => void;
}

/** A layer over the design view with a history entry of its own. */
type Layer = 'zoom' | 'share';

/**
 * The layers over the view (the full-screen picture, «Отправить клиенту») are entries of the browser's
 * history: the phone's Back closes the top one only, as Escape does, and never the view under it.
 * The delete confirmation stays a plain dialog: what follows a deletion leaves for the gallery.
 */
function useLayer(): [Layer | null, (layer: Layer) => void, () => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state ?? {}) as { layer?: Layer };
  const open = (layer: Layer) => void navigate({ pathname: location.pathname, search: location.search }, { state: { ...state, layer } });
  return [state.layer ?? null, open, () => void navigate(-1)];
}

const NEGATIVE_EN = 'Чего избегать на английском';
const ENGLISH_ROWS = new Set(['Описание на английском', NEGATIVE_EN]);

/** How a design made from another says so (its kind); a plain generation has no parent. */
const KIND_PARENT: Record<string, string> = {
  upscale: 'Увеличенная для печати копия',
  inscription: 'Надпись на копии',
};

/** The full card of one finished design next to its image; the actions stay in sight below. */
export function DesignViewer({ design, styles, onClose, onDeleted }: DesignViewerProps) {
  const [layer, openLayer, closeLayer] = useLayer();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const favorite = useFavorite(design.id);
  const style = styles.find((s) => s.code === design.style);
  const isFavorite = !!design.favorite;
  const alt = `Дизайн торта: ${design.prompt_ru}`;
  // What the picture was drawn with: the description and what to avoid, as typed and as the model got
  // them (the negative side also holds what the description said to leave out: «без мастики»).
  const rows: [string, string][] = [
    ['Описание', design.prompt_ru],
    ['Описание на английском', design.prompt_en ?? '—'],
    ...(design.negative_prompt_ru ? ([['Чего избегать', design.negative_prompt_ru]] as [string, string][]) : []),
    [NEGATIVE_EN, design.negative_prompt ?? '—'],
    ['Стиль', style?.title ?? design.style],
    ['Узор (номер варианта)', String(design.seed)],
    ['Размер', `${design.width}×${design.height}`],
    ['Шаги', String(design.steps)],
    ['Насколько точно следовать описанию', String(design.guidance).replace('.', ',')],
    ['Списано', formatCredits(design.credits_spent)],
    ['Создан', formatDateTime(design.created_at)],
  ];
  // the stored picture carries its file name (the description and the day): the link keeps it
  const made = design.parent_id ? KIND_PARENT[design.kind] : null;
  const download = design.public_url ? (
    <a className="btn btn--primary" href={design.public_url} download>
      Скачать изображение
    </a>
  ) : null;

  return (
    <>
      <Modal
        title="Дизайн торта"
        onClose={onClose}
        wide
        testId="design-viewer"
        footer={
          <div className="viewer__actions">
            {download}
            {design.deleted ? null : (
              <>
                <button type="button" className="btn btn--secondary" onClick={() => openLayer('share')}>
                  Отправить клиенту
                </button>
                <Link className="btn btn--secondary" to={studioLink(design.id)} data-testid="open-in-studio">
                  Открыть в студии
                </Link>
                {design.public_url ? (
                  <>
                    {/* an upscale is past the sizes the model draws: redraw its parent instead */}
                    {design.kind !== 'upscale' ? (
                      <Link className="btn btn--secondary" to={redrawLink(design.id)} data-testid="redraw-link">
                        Перерисовать часть
                      </Link>
                    ) : null}
                    <Link className="btn btn--secondary" to={printingLink(design.id, 'inscription')} data-testid="inscription-link">
                      Надпись
                    </Link>
                    <Link className="btn btn--secondary" to={printingLink(design.id, 'upscale')} data-testid="upscale-link">
                      Увеличить для печати
                    </Link>
                    <Link className="btn btn--secondary" to={printingLink(design.id, 'print')} data-testid="print-link">
                      Печать на торт
                    </Link>
                  </>
                ) : null}
                <button
                  type="button"
                  className={`btn btn--ghost favorite-toggle${isFavorite ? ' favorite-toggle--on' : ''}`}
                  aria-pressed={isFavorite}
                  onClick={() => favorite.mutate(!isFavorite)}
                >
                  <span aria-hidden="true">{isFavorite ? '★' : '☆'}</span> Избранное
                </button>
              </>
            )}
          </div>
        }
      >
        <div className="viewer">
          <div className="viewer__image-wrap">
            {design.public_url ? (
              <button type="button" className="viewer__zoom" onClick={() => openLayer('zoom')} aria-label="Открыть на весь экран">
                <img className="viewer__image" src={design.public_url} alt={alt} width={design.width} height={design.height} />
                <span className="viewer__zoom-hint" aria-hidden="true">
                  ⤢ На весь экран
                </span>
              </button>
            ) : (
              <p className="viewer__gone">{design.deleted ? 'Дизайн удалён: изображения больше нет.' : 'Изображения нет.'}</p>
            )}
          </div>
          <div className="viewer__card">
            {favorite.isError ? (
              <p className="field__error" role="alert">
                Не удалось изменить избранное. Попробуйте ещё раз.
              </p>
            ) : null}
            {made && design.parent_id ? (
              <p className="viewer__parent" data-testid="design-parent">
                {made} <Link to={designLink(design.parent_id)}>исходного дизайна</Link>
              </p>
            ) : null}
            <dl className="details">
              {rows.map(([label, value]) => (
                <div className="details__row" key={label}>
                  <dt>{label}</dt>
                  <dd>
                    <LongText text={value} lang={ENGLISH_ROWS.has(label) ? 'en' : undefined} />
                  </dd>
                </div>
              ))}
            </dl>
            <FeedbackThread design={design} />
            {design.deleted ? null : (
              // Away from the everyday actions below, so it is not pressed by mistake.
              <button type="button" className="btn btn--ghost btn--sm viewer__delete" onClick={() => setConfirmDelete(true)}>
                Удалить дизайн
              </button>
            )}
          </div>
        </div>
      </Modal>
      {layer === 'zoom' && design.public_url ? (
        <Modal title="Дизайн торта" onClose={closeLayer} fullscreen testId="zoom-dialog" footer={<div className="viewer__actions">{download}</div>}>
          <ZoomView src={design.public_url} alt={alt} width={design.width} height={design.height} />
        </Modal>
      ) : null}
      {layer === 'share' && !design.deleted ? <ShareDialog design={design} onClose={closeLayer} /> : null}
      {confirmDelete ? <DeleteDialog design={design} onClose={() => setConfirmDelete(false)} onDeleted={onDeleted} /> : null}
    </>
  );
}
