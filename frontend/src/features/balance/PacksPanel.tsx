import { messageOf } from '../../api/errors';
import type { CreditPack } from '../../api/models';
import { usePacks } from '../../api/queries';
import { formatCredits, formatRoubles } from '../../shared/lib/format';
import { Alert } from '../../shared/ui/Alert';
import { ErrorState, Spinner } from '../../shared/ui/States';
import { useBuyPack } from './hooks';

/** The pack with the lowest price per credit, marked «Выгоднее всего» when there is a choice. */
function bestValue(packs: CreditPack[]): string | null {
  if (packs.length < 2) return null;
  return packs.reduce((best, p) => (Number(p.price_per_credit) < Number(best.price_per_credit) ? p : best)).id;
}

/** «Пополнить»: the credit packs on sale; buying one leads to the payment service's checkout. */
export function PacksPanel() {
  const packs = usePacks();
  const buy = useBuyPack();

  if (packs.isPending) return <Spinner />;
  if (packs.isError) return <ErrorState error={packs.error} onRetry={() => void packs.refetch()} />;
  if (packs.data.provider === 'none' || packs.data.packs.length === 0) {
    return (
      <p className="packs__off" data-testid="payments-off">
        Оплата на этом сервере не подключена. Кредиты начисляет администратор: напишите ему, и он пополнит ваш
        баланс.
      </p>
    );
  }
  const best = bestValue(packs.data.packs);
  const busy = buy.isPending || buy.isSuccess; // after success the browser is leaving for the checkout
  return (
    <div className="packs">
      {packs.data.provider === 'sandbox' ? (
        <Alert tone="info" testId="sandbox-note">
          Тестовый режим: оплата без денег, кредиты начисляются как после настоящей оплаты.
        </Alert>
      ) : null}
      <ul className="packs__list" aria-label="Пакеты кредитов">
        {packs.data.packs.map((pack) => {
          const mine = busy && buy.variables === pack.id;
          return (
            <li key={pack.id} className={`pack${pack.id === best ? ' pack--best' : ''}`} data-testid={`pack-${pack.credits}`}>
              <div className="pack__head">
                <span className="pack__credits">{formatCredits(pack.credits)}</span>
                {pack.id === best ? <span className="badge badge--credit">Выгоднее всего</span> : null}
              </div>
              <span className="pack__price">{formatRoubles(pack.amount)}</span>
              <span className="pack__unit">{formatRoubles(pack.price_per_credit)} за кредит</span>
              <button
                type="button"
                className="btn btn--primary btn--block"
                aria-disabled={busy || undefined}
                aria-label={`Купить ${formatCredits(pack.credits)} за ${formatRoubles(pack.amount)}`}
                onClick={() => {
                  if (!busy) buy.mutate(pack.id);
                }}
              >
                {mine ? 'Переходим к оплате…' : 'Купить'}
              </button>
            </li>
          );
        })}
      </ul>
      {buy.isError ? <Alert tone="error">{messageOf(buy.error)}</Alert> : null}
      <p className="muted packs__note">Кредиты зачисляются, как только платёжный сервис подтвердит оплату.</p>
    </div>
  );
}
