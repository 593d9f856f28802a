import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminAdjustBalance } from '../../api/endpoints';
import type { AdjustmentInput } from '../../api/models';
import { invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';

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
