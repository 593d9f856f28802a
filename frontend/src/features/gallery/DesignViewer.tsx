import { useState } from 'react';
import { Link } from 'react-router';
import type { Generation, Style } from '../../api/models';
import { designLink, printingLink, redrawLink } from '../../shared/generation/links';
import { formatCredits, formatDateTime } from '../../shared/lib/format';
import { studioLink } from '../../shared/lib/studioLink';
import { Modal } from '../../shared/ui/Modal';
import { DeleteDialog } from './DeleteDialog';
import { FeedbackThread } from './FeedbackThread';
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

type Dialog = 'zoom' | 'share' | 'delete' | null;

/** How a design made from another says so (its kind); a plain generation has no parent. */
const KIND_PARENT: Record<string, string> = {
  upscale: 'Увеличенная для печати копия',
  inscription: 'Надпись на копии',
};

/** The full card of one finished design next to its image; the actions stay in sight below. */
export function DesignViewer({ design, styles, onClose, onDeleted }: DesignViewerProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const favorite = useFavorite(design.id);
  const style = styles.find((s) => s.code === design.style);
  const isFavorite = !!design.favorite;
  const alt = `Дизайн торта: ${design.prompt_ru}`;
  const rows: [string, string][] = [
    ['Описание', design.prompt_ru],
    ['Описание на английском', design.prompt_en ?? '—'],
    ['Стиль', style?.title ?? design.style],
    ['Узор (номер варианта)', String(design.seed)],
    ['Размер', `${design.width}×${design.height}`],
    ['Шаги', String(design.steps)],
    ['Насколько точно следовать описанию', String(design.guidance).replace('.', ',')],
    ['Списано', formatCredits(design.credits_spent)],
    ['Создан', formatDateTime(design.created_at)],
  ];
  const made = design.parent_id ? KIND_PARENT[design.kind] : null;
  const download = design.public_url ? (
    <a className="btn btn--primary" href={design.public_url} download={`tort-${design.id}.png`}>
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
                <button type="button" className="btn btn--secondary" onClick={() => setDialog('share')}>
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
              <button type="button" className="viewer__zoom" onClick={() => setDialog('zoom')} aria-label="Открыть на весь экран">
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
                  {/* a long text scrolls in its box: focusable, so the keyboard can scroll it too */}
                  <dd lang={label === 'Описание на английском' ? 'en' : undefined} tabIndex={value.length > 120 ? 0 : undefined}>
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
            <FeedbackThread design={design} />
            {design.deleted ? null : (
              // Away from the everyday actions below, so it is not pressed by mistake.
              <button type="button" className="btn btn--ghost btn--sm viewer__delete" onClick={() => setDialog('delete')}>
                Удалить дизайн
              </button>
            )}
          </div>
        </div>
      </Modal>
      {dialog === 'zoom' && design.public_url ? (
        <Modal title="Дизайн торта" onClose={() => setDialog(null)} fullscreen testId="zoom-dialog" footer={<div className="viewer__actions">{download}</div>}>
          <ZoomView src={design.public_url} alt={alt} width={design.width} height={design.height} />
        </Modal>
      ) : null}
      {dialog === 'share' ? <ShareDialog design={design} onClose={() => setDialog(null)} /> : null}
      {dialog === 'delete' ? <DeleteDialog design={design} onClose={() => setDialog(null)} onDeleted={onDeleted} /> : null}
    </>
  );
}
