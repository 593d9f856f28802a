import { useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useStyles } from '../../api/queries';
import { ErrorState } from '../../shared/ui/States';
import { Modal } from '../../shared/ui/Modal';
import { DesignViewer } from './DesignViewer';
import { useDesign } from './hooks';

/** /designs/:id — one design's view over the gallery; closing it (or the browser's Back) returns there. */
export function DesignRoute() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const design = useDesign(id);
  const styles = useStyles();

  // The gallery with the filters it had, in place of this design's entry.
  const toGallery = () => navigate({ pathname: '/gallery', search: location.search }, { replace: true });
  // Opened from within the app (the gallery, the history: any in-app navigation gives the location a
  // key of its own): closing is the browser's Back. Loaded directly from its address: go to the
  // gallery instead of leaving the app.
  const openedInApp = location.key !== 'default';
  const close = () => (openedInApp ? navigate(-1) : toGallery());

  if (design.data) {
    return (
      <DesignViewer
        key={id}
        design={design.data}
        styles={styles.data ?? []}
        onClose={close}
        onDeleted={toGallery}
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
