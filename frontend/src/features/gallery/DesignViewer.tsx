import { Link } from 'react-router';
import type { Generation, Style } from '../../api/models';
import { redrawLink } from '../../shared/generation/links';
import { formatCredits, formatDateTime } from '../../shared/lib/format';
import { studioLink } from '../../shared/lib/studioLink';
import { Modal } from '../../shared/ui/Modal';

interface DesignViewerProps {
  design: Generation;
  styles: Style[];
  onClose: () => void;
}

/** The full card of one finished design next to its image. */
export function DesignViewer({ design, styles, onClose }: DesignViewerProps) {
  const style = styles.find((s) => s.code === design.style);
  const rows: [string, string][] = [
    ['Описание', design.prompt_ru],
    ['Промпт (англ.)', design.prompt_en ?? '—'],
    ['Стиль', style?.title ?? design.style],
    ['Seed', String(design.seed)],
    ['Размер', `${design.width}×${design.height}`],
    ['Шаги', String(design.steps)],
    ['Следование описанию', String(design.guidance).replace('.', ',')],
    ['Списано', formatCredits(design.credits_spent)],
    ['Создан', formatDateTime(design.finished_at ?? design.created_at)],
  ];
  return (
    <Modal title="Дизайн торта" onClose={onClose} wide testId="design-viewer">
      <div className="viewer">
        <div className="viewer__image-wrap">
          {design.public_url ? (
            <img className="viewer__image" src={design.public_url} alt={`Дизайн торта: ${design.prompt_ru}`} width={design.width} height={design.height} />
          ) : null}
        </div>
        <div className="viewer__card">
          <dl className="details">
            {rows.map(([label, value]) => (
              <div className="details__row" key={label}>
                <dt>{label}</dt>
                <dd lang={label === 'Промпт (англ.)' ? 'en' : undefined}>{value}</dd>
              </div>
            ))}
          </dl>
          {design.public_url ? (
            <a className="btn btn--primary" href={design.public_url} download={`tort-${design.id}.png`}>
              Скачать изображение
            </a>
          ) : null}
          <Link className="btn btn--secondary" to={studioLink(design.id)} data-testid="open-in-studio">
            Открыть в студии
          </Link>
          {design.public_url ? (
            <Link className="btn btn--secondary" to={redrawLink(design.id)} data-testid="redraw-link">
              Перерисовать часть
            </Link>
          ) : null}
        </div>
      </div>
    </Modal>
  );
}
