import { Link } from 'react-router';

export function NotFound() {
  return (
    <section className="page page--narrow" data-testid="not-found">
      <div className="card card--center">
        <h1 className="page__title">Страница не найдена</h1>
        <p className="muted">Возможно, ссылка устарела. Начните с главной.</p>
        <Link className="btn btn--primary" to="/">
          На главную
        </Link>
      </div>
    </section>
  );
}
