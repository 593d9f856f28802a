import { useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../api/errors';
import type { Bakery, Order } from '../../api/models';
import { useAnnounce } from '../../shared/a11y/announcer';
import { formatDay, formatMoney, formatPhone, formatWeight } from '../../shared/orders/format';
import { useBakery } from '../../shared/orders/hooks';
import { OrderStatus } from '../../shared/orders/OrderStatus';
import { Alert } from '../../shared/ui/Alert';
import { EmptyState, ErrorState, Spinner } from '../../shared/ui/States';
import { EditOrderDialog } from './EditOrderDialog';
import { useCalendarDownload, useOrders } from './hooks';
import './orders.css';

/** The orders of one day, in the order the server gives (by date, then the link's age). */
function byDay(orders: Order[]): [string, Order[]][] {
  const days = new Map<string, Order[]>();
  for (const order of orders) days.set(order.quote.date, [...(days.get(order.quote.date) ?? []), order]);
  return [...days.entries()];
}

/** «Заказы»: every design sent with an order, by date, with its status, client, price and prepayment. */
export function OrdersPage() {
  const bakery = useBakery();
  const orders = useOrders();
  const [editing, setEditing] = useState<Order | null>(null);
  const calendar = useCalendarDownload();
  useAnnounce(calendar.isSuccess ? 'Файл для календаря скачан' : null);

  return (
    <section className="page orders">
      <header className="page__header orders__header">
        <div>
          <h1 className="page__title">Заказы</h1>
          <p className="page__subtitle">Эскизы, отправленные клиентам вместе с заказом: по дате готовности.</p>
        </div>
        <Link className="btn btn--secondary" to="/orders/price-list">
          Прайс-лист
        </Link>
      </header>
      {orders.isError ? <ErrorState error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {calendar.isError ? <Alert title="Не удалось скачать файл">{messageOf(calendar.error)}</Alert> : null}
      {orders.isPending || bakery.isPending ? (
        <Spinner />
      ) : bakery.data === null ? (
        <EmptyState
          title="Заполните прайс-лист"
          action={
            <Link className="btn btn--primary" to="/orders/price-list">
              Заполнить прайс-лист
            </Link>
          }
          testId="orders-no-price-list"
        >
          Цена за килограмм, минимальный вес, начинки и контакты: по ним сервис посчитает заказ, который клиент согласует вместе с эскизом.
        </EmptyState>
      ) : orders.data && orders.data.items.length === 0 ? (
        <EmptyState
          title="Заказов пока нет"
          action={
            <Link className="btn btn--primary" to="/gallery">
              К моим дизайнам
            </Link>
          }
          testId="orders-empty"
        >
          Откройте готовый дизайн, нажмите «Отправить клиенту» и добавьте заказ: вес, дату и цену.
        </EmptyState>
      ) : (
        <div className="orders__days" data-testid="orders-list">
          {byDay(orders.data?.items ?? []).map(([day, items]) => (
            <section key={day} className="orders__day" aria-labelledby={`day-${day}`}>
              <h2 className="orders__day-title" id={`day-${day}`}>
                {formatDay(day)}
                {items.some((o) => o.over_capacity) ? (
                  <span className="orders__busy" data-testid="over-capacity">
                    Больше заказов, чем вы успеваете за день
                  </span>
                ) : null}
              </h2>
              <ul className="orders__items">
                {items.map((order) => (
                  <OrderItem
                    key={order.token}
                    order={order}
                    onEdit={bakery.data ? () => setEditing(order) : undefined}
                    onCalendar={() => calendar.mutate({ token: order.token, date: order.quote.date })}
                    downloading={calendar.isPending && calendar.variables?.token === order.token}
                  />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {editing && bakery.data ? <EditOrderDialog order={editing} bakery={bakery.data as Bakery} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

function OrderItem({
  order,
  onEdit,
  onCalendar,
  downloading,
}: {
  order: Order;
  onEdit?: () => void;
  onCalendar: () => void;
  downloading: boolean;
}) {
  const { quote, client } = order;
  return (
    <li className={`card orders__item${order.over_capacity ? ' orders__item--busy' : ''}`} data-testid="order-item">
      {order.image_url ? (
        <img className="orders__thumb" src={order.image_url} alt={order.prompt_ru ?? 'Эскиз торта'} width={96} height={96} loading="lazy" />
      ) : (
        <span className="orders__thumb orders__thumb--gone">Эскиз удалён</span>
      )}
      <div className="orders__body">
        <div className="orders__line">
          <OrderStatus status={order.status} />
          <span className="muted">версия {quote.version}</span>
        </div>
        {order.status === 'reapproval' ? (
          <p className="orders__warning">Заказ изменён после согласования: клиенту нужно согласовать его заново.</p>
        ) : null}
        <p className="orders__money">
          <strong>{formatMoney(quote.total)}</strong>
          <span className="muted"> · предоплата {formatMoney(quote.prepayment)}</span>
        </p>
        <p className="orders__facts">
          {formatWeight(quote.weight_g)}
          {quote.tiers > 1 ? `, ярусов: ${quote.tiers}` : ''}
          {quote.fillings.length ? `, ${quote.fillings.join(', ')}` : ''} · {quote.delivery === 'delivery' ? 'доставка' : 'самовывоз'}
        </p>
        <p className="orders__client">
          {client.name ? <span>Клиент: {client.name}</span> : <span className="muted">Клиент ещё не ответил</span>}
          {client.phone ? (
            <a href={`tel:${client.phone}`} className="orders__phone">
              {formatPhone(client.phone)}
            </a>
          ) : null}
        </p>
        <div className="orders__actions">
          <button type="button" className="btn btn--secondary btn--sm" onClick={onCalendar} disabled={downloading}>
            В календарь
          </button>
          {onEdit ? (
            <button type="button" className="btn btn--ghost btn--sm" onClick={onEdit}>
              Изменить заказ
            </button>
          ) : null}
          <a className="btn btn--ghost btn--sm" href={order.url} target="_blank" rel="noopener noreferrer">
            Страница клиента
          </a>
        </div>
      </div>
    </li>
  );
}
