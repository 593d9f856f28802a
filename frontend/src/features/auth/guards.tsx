import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState, Spinner } from '../../shared/ui/States';
import { useAuth } from '../../shared/auth/AuthProvider';

/** Renders nested routes for signed-in users; sends everyone else to the login page. */
export function RequireAuth() {
  const { status, user, profileError } = useAuth();
  const location = useLocation();
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (status === 'authenticated' && profileError && !user) {
    return (
      <div className="page">
        <ErrorState error={profileError} onRetry={() => window.location.reload()} />
      </div>
    );
  }
  if (!user) return <Spinner label="Проверяем вход…" />;
  return <Outlet />;
}

/** Admin pages: other roles see a polite refusal and no admin request is ever sent for them. */
export function RequireAdmin() {
  const { user } = useAuth();
  if (user?.role !== 'admin') return <Forbidden />;
  return <Outlet />;
}

export function Forbidden() {
  return (
    <section className="page page--narrow" data-testid="forbidden">
      <div className="card card--center">
        <h1 className="page__title">Нет доступа</h1>
        <p className="muted">Этот раздел доступен только администраторам.</p>
        <Link className="btn btn--primary" to="/studio">
          Вернуться в студию
        </Link>
      </div>
    </section>
  );
}
