import type { ReactNode } from 'react';
import { messageOf } from '../../api/errors';
import { Alert } from './Alert';
import './States.css';

export function Spinner({ label = 'Загрузка…' }: { label?: string }) {
  return (
    <div className="spinner" role="status" aria-live="polite">
      <span className="spinner__ring" aria-hidden="true" />
      <span className="spinner__label">{label}</span>
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
  testId,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty" data-testid={testId}>
      <svg className="empty__art" viewBox="0 0 120 90" aria-hidden="true">
        <ellipse cx="60" cy="80" rx="48" ry="6" fill="var(--cream-300)" />
        <rect x="22" y="44" width="76" height="32" rx="8" fill="var(--rose-200)" />
        <rect x="32" y="24" width="56" height="24" rx="7" fill="var(--rose-100)" />
        <path d="M22 54c8 6 14-6 22 0s14-6 22 0 14-6 22 0 10 0 10 0" stroke="var(--rose-400)" strokeWidth="4" fill="none" strokeLinecap="round" />
        <rect x="57" y="10" width="6" height="14" rx="2" fill="var(--pistachio-400)" />
        <path d="M60 2c3 3 3 6 0 8-3-2-3-5 0-8z" fill="var(--honey-400)" />
      </svg>
      <h3 className="empty__title">{title}</h3>
      {children ? <p className="empty__text">{children}</p> : null}
      {action}
    </div>
  );
}

/** A list empty because of its filters: says so and offers to reset them (`resetLabel`, `onReset`). */
export function FilteredEmptyState({
  title = 'Ничего не нашлось',
  resetLabel,
  onReset,
  children,
  testId,
}: {
  title?: string;
  resetLabel: string;
  onReset: () => void;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <EmptyState
      title={title}
      testId={testId}
      action={
        <button type="button" className="btn btn--ghost" onClick={onReset}>
          {resetLabel}
        </button>
      }
    >
      {children}
    </EmptyState>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert tone="error" title="Не удалось загрузить данные">
      <p>{messageOf(error)}</p>
      {onRetry ? (
        <button type="button" className="btn btn--ghost btn--sm" onClick={onRetry}>
          Повторить
        </button>
      ) : null}
    </Alert>
  );
}
