import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useGenerations, useStyles } from '../../api/queries';
import type { Generation, GenerationFilters } from '../../api/models';
import { dayEndIso, dayStartIso, formatCredits, formatDateTime } from '../../shared/lib/format';
import { useUrlFilters } from '../../shared/lib/useUrlFilters';
import { parseInteger } from '../../shared/lib/validation';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorState } from '../../shared/ui/States';
import { DesignViewer } from './DesignViewer';
import { GalleryFilters, type GalleryFilterValues } from './GalleryFilters';
import './gallery.css';

export const GALLERY_PAGE_SIZE = 12;
const FILTER_NAMES = ['style', 'date_from', 'date_to', 'credits_min', 'credits_max'] as const;

function toApiFilters(values: GalleryFilterValues, offset: number): GenerationFilters {
  const number = (raw: string) => {
    const value = parseInteger(raw);
    return Number.isSafeInteger(value) ? value : undefined;
  };
  return {
    status: 'success',
    style: values.style || undefined,
    date_from: dayStartIso(values.date_from),
    date_to: dayEndIso(values.date_to),
    credits_min: values.credits_min ? number(values.credits_min) : undefined,
    credits_max: values.credits_max ? number(values.credits_max) : undefined,
    limit: GALLERY_PAGE_SIZE,
    offset,
  };
}

export function GalleryPage() {
  const { filters, offset, setFilters, setOffset } = useUrlFilters(FILTER_NAMES);
  const apiFilters = useMemo(() => toApiFilters(filters, offset), [filters, offset]);
  const designs = useGenerations(apiFilters);
  const styles = useStyles();
  const [open, setOpen] = useState<Generation | null>(null);
  const filtered = Object.values(filters).some(Boolean);
  const styleTitle = (code: string) => styles.data?.find((s) => s.code === code)?.title ?? code;

  return (
    <section className="page gallery">
      <header className="page__header">
        <h1 className="page__title">Мои дизайны</h1>
        <p className="page__subtitle">Все готовые эскизы. Нажмите на карточку, чтобы открыть подробности.</p>
      </header>
      <GalleryFilters value={filters} styles={styles.data ?? []} onApply={setFilters} />
      {designs.isPending ? (
        <div className="gallery__grid" aria-busy="true" aria-label="Загрузка дизайнов">
          {Array.from({ length: 6 }, (_, i) => (
            <div className="design-card design-card--skeleton" key={i} />
          ))}
        </div>
      ) : designs.isError ? (
        <ErrorState error={designs.error} onRetry={() => void designs.refetch()} />
      ) : designs.data.items.length === 0 ? (
        filtered ? (
          <EmptyState title="Ничего не нашлось" testId="gallery-empty">
            Попробуйте изменить или сбросить фильтры.
          </EmptyState>
        ) : (
          <EmptyState
            title="Здесь пока пусто"
            testId="gallery-empty"
            action={
              <Link className="btn btn--primary" to="/studio">
                Создать первый дизайн
              </Link>
            }
          >
            Готовые дизайны появятся в этой галерее.
          </EmptyState>
        )
      ) : (
        <>
          <p className="muted gallery__count" data-testid="gallery-total">
            Найдено: {designs.data.total}
          </p>
          <ul className="gallery__grid" data-testid="gallery-grid" aria-busy={designs.isFetching}>
            {designs.data.items.map((design) => (
              <li key={design.id}>
                <button type="button" className="design-card" onClick={() => setOpen(design)} data-testid="design-card" data-style={design.style}>
                  <span className="design-card__image-wrap">
                    {design.public_url ? (
                      <img className="design-card__image" src={design.public_url} alt="" loading="lazy" width={design.width} height={design.height} />
                    ) : null}
                  </span>
                  <span className="design-card__body">
                    <span className="design-card__prompt">{design.prompt_ru}</span>
                    <span className="design-card__meta">
                      <span className="badge">{styleTitle(design.style)}</span>
                      <span>{formatCredits(design.credits_spent)}</span>
                    </span>
                    <span className="design-card__date">{formatDateTime(design.finished_at ?? design.created_at)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <Pagination total={designs.data.total} limit={GALLERY_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
      {open ? <DesignViewer design={open} styles={styles.data ?? []} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
