import { useMutation, useQueryClient } from '@tanstack/react-query';
import { topUp } from '../../api/endpoints';
import { invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import { newIdempotencyKey } from '../../shared/lib/ids';

/** Tops the balance up; settles once every balance view has been refreshed. */
export function useTopUp() {
  const queryClient = useQueryClient();
  return useMutation({
    // A fresh key per click: a network retry of this request would reuse it, a new click does not.
    mutationFn: (amount: number) => topUp(amount, newIdempotencyKey()),
    onSuccess: (result) => {
      queryClient.setQueryData(keys.balance, result.balance);
      return invalidateMoney(queryClient);
    },
  });
}
