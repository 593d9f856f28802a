import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Generation } from '../../api/models';
import { useGenerationOnce } from '../../api/queries';
import { Alert } from '../ui/Alert';
import { ErrorState, Spinner } from '../ui/States';

/** A page's work on one finished design: while it loads, if it fails (with «Повторить») or is not
 * finished yet (`notReady` says what cannot be done), the page says so; then `children(design)`. */
export function FinishedDesign({ id, notReady, children }: { id: string; notReady: string; children: (design: Generation) => ReactNode }) {
  const design = useGenerationOnce(id);
  if (design.isPending) return <Spinner label="Загружаем дизайн…" />;
  if (design.isError) return <ErrorState error={design.error} onRetry={() => void design.refetch()} />;
  if (design.data.status !== 'success' || !design.data.public_url) {
    return (
      <Alert tone="info" title="Этот дизайн ещё не готов">
        <p>
          {notReady} <Link to="/gallery">Мои дизайны</Link>
        </p>
      </Alert>
    );
  }
  return children(design.data);
}
