import { useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useGenerations, useStyles } from '../../api/queries';
import type { GenerationFilters } from '../../api/models';
import { DECISION_LABELS, dayEndIso, dayStartIso, formatCredits, formatDateTime } from '../../shared/lib/format';
import { useUrlFilters } from '../../shared/lib/useUrlFilters';
import { parseInteger } from '../../shared/lib/validation';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorState, FilteredEmptyState } from '../../shared/ui/States';
import { GalleryFilters, type GalleryFilterValues } from './GalleryFilters';
import './gallery.css';

export const GALLERY_PAGE_SIZE = 12;
const FILTER_NAMES = ['style', 'date_from', 'date_to', 'credits_min', 'credits_max', 'favorite', 'kind'] as const;
type UrlFilters = GalleryFilterValues & { favorite: string; kind: string };

/** The gallery's kinds: what the model drew, what was enlarged for print, what carries an inscription. */
const KINDS = [
  { id: '', label: 'Все' },
  { id: 'generation', label: 'Нарисованные' },
  { id: 'upscale', label: 'Увеличенные' },
  { id: 'inscription', label: 'С надписью' },
] as const;
const KIND_BADGE: Record<string, string> = { upscale: 'Увеличен', inscription: 'С надписью' };

function toApiFilters(values: UrlFilters, offset: number): GenerationFilters {
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
    favorite: values.favorite ? true : undefined,
    kind: (values.kind || undefined) as GenerationFilters['kind'],
    limit: GALLERY_PAGE_SIZE,
    offset,
  };
}

export function GalleryPage() {
  const { filters, filtered, offset, setFilters, resetFilters, setOffset } = useUrlFilters(FILTER_NAMES);
  const apiFilters = useMemo(() => toApiFilters(filters, offset), [filters, offset]);
  const designs = useGenerations(apiFilters);
  const styles = useStyles();
  const navigate = useNavigate();
  const location = useLocation();
  const { favorite, kind, ...panelFilters } = filters;
  // The design opens at its own address over the gallery, keeping the gallery's filters in the query.
  const openDesign = (id: string) => navigate({ pathname: `/designs/${id}`, search: location.search });
  const styleTitle = (code: string) => styles.data?.find((s) => s.code === code)?.title ?? code;

  return (
    <section className="page gallery">
      <header className="page__header">
        <h1 className="page__title">Мои дизайны</h1>
        <p className="page__subtitle">Все готовые эскизы. Нажмите на карточку, чтобы открыть подробности.</p>
      </header>
      <GalleryFilters value={panelFilters} styles={styles.data ?? []} onApply={setFilters} />
      <div className="gallery__toolbar">
        <button
          type="button"
          className={`chip${favorite ? ' chip--active' : ''}`}
          aria-pressed={!!favorite}
          onClick={() => setFilters({ favorite: favorite ? '' : 'true' })}
          data-testid="favorites-filter"
        >
          <span aria-hidden="true">★</span> Избранное
        </button>
        <span className="gallery__kinds" role="group" aria-label="Вид дизайна">
          {KINDS.map((k) => (
            <button
              key={k.id}
              type="button"
              className={`chip${kind === k.id ? ' chip--active' : ''}`}
              aria-pressed={kind === k.id}
              onClick={() => setFilters({ kind: k.id })}
              data-testid={`kind-filter-${k.id || 'all'}`}
            >
              {k.label}
            </button>
          ))}
        </span>
      </div>
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
          <FilteredEmptyState
            title={favorite && !kind && Object.values(panelFilters).every((v) => !v) ? 'В избранном пока пусто' : undefined}
            testId="gallery-empty"
            resetLabel="Все дизайны"
            onReset={resetFilters}
          >
            {favorite ? 'Отмечайте удачные дизайны звёздочкой ★ — они соберутся здесь.' : 'Попробуйте изменить или сбросить фильтры.'}
          </FilteredEmptyState>
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
                <button type="button" className="design-card" onClick={() => openDesign(design.id)} data-testid="design-card" data-style={design.style}>
                  <span className="design-card__image-wrap">
                    {design.public_url ? (
                      <img className="design-card__image" src={design.public_url} alt="" loading="lazy" width={design.width} height={design.height} />
                    ) : null}
                  </span>
                  <span className="design-card__body">
                    <span className="design-card__prompt">{design.prompt_ru}</span>
                    <span className="design-card__meta">
                      <span className="badge">{styleTitle(design.style)}</span>
                      {KIND_BADGE[design.kind] ? (
                        <span className="badge badge--kind" data-testid="kind-badge">
                          {KIND_BADGE[design.kind]}
                        </span>
                      ) : null}
                      {design.favorite ? (
                        <span className="design-card__star" title="В избранном">
                          <span aria-hidden="true">★</span>
                          <span className="visually-hidden">В избранном</span>
                        </span>
                      ) : null}
                      <span>{formatCredits(design.credits_spent)}</span>
                    </span>
                    {design.feedback?.last_decision ? (
                      <span className={`badge badge--decision-${design.feedback.last_decision}`} data-testid="decision-badge">
                        {DECISION_LABELS[design.feedback.last_decision]}
                      </span>
                    ) : null}
                    {/* the request's time, as the history shows it (not the minute the picture was finished) */}
                    <span className="design-card__date">{formatDateTime(design.created_at)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <Pagination total={designs.data.total} limit={GALLERY_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
      {/* /designs/:id: the design view over the gallery */}
      <Outlet />
    </section>
  );
}
