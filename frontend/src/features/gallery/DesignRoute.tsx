import { useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useStyles } from '../../api/queries';
import { ErrorState } from '../../shared/ui/States';
import { Modal } from '../../shared/ui/Modal';
import { DesignViewer } from './DesignViewer';
import type { FromGallery } from './GalleryPage';
import { useDesign } from './hooks';

/** /designs/:id — one design's view over the gallery; closing it (or the browser's Back) returns there. */
export function DesignRoute() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const design = useDesign(id);
  const styles = useStyles();

  // Opened from within the app (the gallery, the history): closing is the browser's Back.
  // Loaded directly from its address: go to the gallery instead of leaving the app.
  const openedInApp = (location.state as FromGallery | null)?.fromGallery === true || location.key !== 'default';
  const close = () => (openedInApp ? navigate(-1) : navigate({ pathname: '/gallery', search: location.search }, { replace: true }));

  if (design.data) {
    return (
      <DesignViewer
        key={id}
        design={design.data}
        styles={styles.data ?? []}
        onClose={close}
        onDeleted={() => navigate({ pathname: '/gallery', search: location.search }, { replace: true })}
      />
    );
  }
  if (design.isError) {
    const missing = design.error instanceof ApiError && design.error.status === 404;
    return (
      <Modal title="Дизайн торта" onClose={close} testId="design-viewer">
        {missing ? <p>Такого дизайна нет: возможно, он удалён.</p> : <ErrorState error={design.error} onRetry={() => void design.refetch()} />}
      </Modal>
    );
  }
  return null;
}
