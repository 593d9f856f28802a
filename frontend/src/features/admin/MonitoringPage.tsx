import { useAdminStats } from '../../api/queries';
import { formatAgo, formatDuration, formatNumber, STATUS_LABELS } from '../../shared/lib/format';
import { ErrorState, Spinner } from '../../shared/ui/States';
import { HourlyChart } from './HourlyChart';
import { RevenueChart } from './RevenueChart';

/** A worker not heard from for this long is shown as silent. */
export const WORKER_STALE_S = 60;

export function MonitoringPage() {
  const stats = useAdminStats();
  if (stats.isPending) return <Spinner />;
  if (stats.isError && !stats.data) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  const now = stats.dataUpdatedAt; // worker ages as of this snapshot
  const cards = [
    { label: 'В очереди', value: formatNumber(s.queue_depth), testId: 'stat-queue' },
    { label: 'В работе', value: formatNumber(s.processing), testId: 'stat-processing' },
    { label: 'Среднее время', value: formatDuration(s.avg_duration_s), testId: 'stat-avg' },
    { label: 'Время у 95% заказов', value: formatDuration(s.p95_duration_s), testId: 'stat-p95' },
    { label: 'Пользователей', value: formatNumber(s.users_total), testId: 'stat-users' },
    { label: 'Генераций всего', value: formatNumber(s.generations_total), testId: 'stat-generations' },
    { label: 'Списано кредитов', value: formatNumber(s.credits_spent_total), testId: 'stat-credits' },
    { label: 'Заказов на ссылках', value: formatNumber(s.orders_total), testId: 'stat-orders' },
    {
      label: 'Заказов на кондитера',
      value: s.order_bakers ? (s.orders_total / s.order_bakers).toLocaleString('ru-RU', { maximumFractionDigits: 1 }) : '—',
      testId: 'stat-orders-per-baker',
    },
    { label: 'Оплачено платежей', value: formatNumber(s.payments_by_status.succeeded ?? 0), testId: 'stat-payments' },
  ];
  return (
    <div className="monitoring" data-testid="monitoring">
      <p className="muted monitoring__updated" aria-live="polite">
        Обновляется автоматически · данные на {new Date(stats.dataUpdatedAt).toLocaleTimeString('ru-RU')}
        {stats.isError ? ' · не удалось обновить, показаны прошлые данные' : ''}
      </p>
      <div className="monitoring__cards">
        {cards.map((card) => (
          <div className="card stat" key={card.label} data-testid={card.testId}>
            <span className="stat__label">{card.label}</span>
            <span className="stat__value">{card.value}</span>
          </div>
        ))}
      </div>
      <div className="monitoring__grid">
        <section className="card">
          <h2 className="card__title">Генерации по часам (24 ч)</h2>
          <HourlyChart data={s.generations_per_hour} />
          <h2 className="card__title">Выручка по дням (30 дней)</h2>
          <RevenueChart data={s.revenue_per_day} />
        </section>
        <section className="card">
          <h2 className="card__title">По статусам</h2>
          <ul className="status-list">
            {Object.entries(s.by_status).map(([status, count]) => (
              <li key={status}>
                <span className={`badge badge--status-${status}`}>{STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status}</span>
                <span className="status-list__count">{formatNumber(count)}</span>
              </li>
            ))}
          </ul>
          <h2 className="card__title">Обработчики заказов</h2>
          {s.workers.length === 0 ? (
            <p className="muted" data-testid="no-workers">
              Ни один обработчик не работает — заказы ждут в очереди.
            </p>
          ) : (
            <ul className="workers" data-testid="workers">
              {s.workers.map((worker) => {
                const stale = (now - new Date(worker.last_seen).getTime()) / 1000 > WORKER_STALE_S;
                return (
                  <li key={worker.id} className={`worker${stale ? ' worker--stale' : ''}`}>
                    <span className="worker__dot" aria-hidden="true" />
                    <span className="worker__id" title={worker.id}>
                      {worker.id}
                    </span>
                    <span className="worker__seen">{stale ? 'молчит, ' : ''}был {formatAgo(worker.last_seen, now)}</span>
                    <span className="worker__jobs">заданий: {formatNumber(worker.jobs_done)}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
