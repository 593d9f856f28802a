import { Link } from 'react-router';
import { useBalance } from '../../api/queries';
import { formatNumber } from '../../shared/lib/format';
import { ErrorState } from '../../shared/ui/States';
import { PacksPanel } from './PacksPanel';
import { PaymentReturn } from './PaymentReturn';
import { RecentPayments } from './RecentPayments';
import './balance.css';

export function BalancePage() {
  const balance = useBalance();

  const stats = [
    { key: 'available', label: 'Доступно', value: balance.data?.available_credits, hint: 'можно потратить сейчас' },
    { key: 'balance', label: 'Баланс', value: balance.data?.balance_credits, hint: 'всего на счёте' },
    { key: 'reserved', label: 'В резерве', value: balance.data?.reserved_credits, hint: 'за дизайны в работе' },
  ];

  return (
    <section className="page balance">
      <header className="page__header">
        <h1 className="page__title">Баланс</h1>
        <p className="page__subtitle">Кредиты списываются только за готовые изображения.</p>
      </header>
      {balance.isError ? <ErrorState error={balance.error} onRetry={() => void balance.refetch()} /> : null}
      <PaymentReturn />
      <div className="balance__stats">
        {stats.map((stat) => (
          <div className={`card stat stat--${stat.key}`} key={stat.key} data-testid={`balance-${stat.key}`}>
            <span className="stat__label">{stat.label}</span>
            <span className="stat__value">{stat.value === undefined ? '…' : formatNumber(stat.value)}</span>
            <span className="stat__hint">{stat.hint}</span>
          </div>
        ))}
      </div>
      <div className="balance__grid">
        <div className="card">
          <h2 className="card__title">Пополнить</h2>
          <PacksPanel />
        </div>
        <div className="card balance__info">
          <h2 className="card__title">Как считаются кредиты</h2>
          <ul className="bullets">
            <li>Цена зависит от размера и числа шагов: квадрат 512×512 за 25 шагов — базовая.</li>
            <li>При отправке кредиты резервируются, а списываются только когда изображение готово.</li>
            <li>Если генерация не удалась, резерв возвращается полностью.</li>
          </ul>
          <Link to="/history?tab=transactions">Все операции по балансу →</Link>
          <RecentPayments />
        </div>
      </div>
    </section>
  );
}
