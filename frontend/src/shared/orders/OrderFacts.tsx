import type { OrderQuote } from '../../api/models';
import { formatDay, formatMoney, formatWeight } from './format';
import './orders.css';

/** The order's facts, the Russian way: weight, tiers and fillings, date, pickup or delivery, price, prepayment. */
export function OrderFacts({ quote }: { quote: OrderQuote }) {
  const rows: [string, string][] = [
    ['Вес', `${formatWeight(quote.weight_g)}${quote.guests ? ` (на ${quote.guests} гостей)` : ''}`],
    ['Ярусов', String(quote.tiers)],
    ...(quote.fillings.length ? [['Начинки', quote.fillings.join(', ')] as [string, string]] : []),
    ['Дата', formatDay(quote.date)],
    ['Получение', quote.delivery === 'delivery' ? `доставка${quote.delivery_price ? `, ${formatMoney(quote.delivery_price)}` : ''}` : 'самовывоз'],
    ...(quote.decor_price ? [['Декор', formatMoney(quote.decor_price)] as [string, string]] : []),
    ['Стоимость', formatMoney(quote.total)],
    ['Предоплата', `${formatMoney(quote.prepayment)} (${quote.prepayment_percent} %)`],
  ];
  return (
    <dl className="order-facts" data-testid="order-facts">
      {rows.map(([label, value]) => (
        <div key={label} className={`order-facts__row${label === 'Стоимость' ? ' order-facts__row--total' : ''}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
