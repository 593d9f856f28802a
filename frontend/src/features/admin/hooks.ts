import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { adminAdjustBalance, adminRefundPayment } from '../../api/endpoints';
import type { AdjustmentInput } from '../../api/models';
import { invalidateMoney, useAdminUsers } from '../../api/queries';
import { keys } from '../../api/queryKeys';

/** Whose row it is, for the admin's lists: an e-mail from the first page of users, else a short ID. */
export function useUserLabel(): (userId: string) => string {
  const users = useAdminUsers({ limit: 100, offset: 0 });
  const emails = useMemo(() => new Map(users.data?.items.map((u) => [u.id, u.email]) ?? []), [users.data]);
  return (id: string) => emails.get(id) ?? `${id.slice(0, 8)}…`;
}

/** Credits or debits a user's balance with a comment; refreshes the user list and the journal. */
export function useAdjustBalance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, input }: { userId: string; input: AdjustmentInput }) => adminAdjustBalance(userId, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.adminUsers() }),
        queryClient.invalidateQueries({ queryKey: keys.adminTransactions() }),
        invalidateMoney(queryClient), // the admin may have adjusted their own balance
      ]),
  });
}

/** Refunds a paid payment; refreshes the payments list, the journal and the statistics. */
export function useRefundPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (paymentId: string) => adminRefundPayment(paymentId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.adminPayments() }),
        queryClient.invalidateQueries({ queryKey: keys.adminTransactions() }),
        queryClient.invalidateQueries({ queryKey: keys.adminUsers() }),
        queryClient.invalidateQueries({ queryKey: keys.adminStats }),
        invalidateMoney(queryClient),
      ]),
  });
}
