import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { buyPack, checkPayment } from '../../api/endpoints';
import type { Payment } from '../../api/models';
import { invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import { newIdempotencyKey } from '../../shared/lib/ids';
import { openCheckout } from './checkout';

/** Buys a pack: the payment is created, then the payer goes to its checkout page. */
export function useBuyPack() {
  return useMutation({
    // A fresh key per click: a network retry of this request would reuse it, a new click does not.
    mutationFn: (packId: string) => buyPack(packId, newIdempotencyKey()),
    onSuccess: (payment) => {
      if (payment.confirmation_url) openCheckout(payment.confirmation_url);
    },
  });
}

/** How often the return page asks about a pending payment: every 2 s for two minutes, then every 15 s. */
export const WATCH_FAST_MS = 2_000;
export const WATCH_SLOW_MS = 15_000;
export const WATCH_FAST_FOR_MS = 120_000;

/**
 * The payment the payer came back from, re-read (and settled by the server) until it is no longer
 * pending; when it is, every balance view is refreshed. `slow`: still pending after two minutes.
 */
export function usePaymentWatch(id: string | null) {
  const queryClient = useQueryClient();
  const [slow, setSlow] = useState(false);
  const query = useQuery({
    queryKey: keys.payment(id ?? ''),
    queryFn: () => checkPayment(id as string),
    enabled: !!id,
    staleTime: 0,
    retry: false,
    refetchInterval: (q) => {
      const data = q.state.data as Payment | undefined;
      if ((q.state.error && !data) || (data && data.status !== 'pending')) return false;
      return slow ? WATCH_SLOW_MS : WATCH_FAST_MS;
    },
  });
  const settled = !!query.data && query.data.status !== 'pending';
  useEffect(() => {
    if (settled) void invalidateMoney(queryClient);
  }, [settled, queryClient]);
  useEffect(() => {
    if (!id || settled) return;
    const timer = setTimeout(() => setSlow(true), WATCH_FAST_FOR_MS);
    return () => clearTimeout(timer);
  }, [id, settled]);
  return { ...query, slow: slow && !settled };
}
