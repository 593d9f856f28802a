import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { BakeryIn, QuoteIn } from '../../api/models';
import { keys } from '../../api/queryKeys';

/** «Заказы», by date. A client's answer (the owner's event stream) refreshes it. */
export function useOrders() {
  return useQuery({ queryKey: keys.orders, queryFn: () => api.listOrders() });
}

export function useSaveBakery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BakeryIn) => api.saveBakery(input),
    onSuccess: (bakery) => {
      queryClient.setQueryData(keys.bakery, bakery);
      return queryClient.invalidateQueries({ queryKey: keys.orders });
    },
  });
}

/** A new version of a link's order; the order list and the design's links follow. */
export function useSetQuote(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: QuoteIn) => api.setQuote(token, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.orders }),
        queryClient.invalidateQueries({ queryKey: ['shares'] }),
      ]),
  });
}

/** «В календарь»: the .ics is fetched with the session's token and handed to the browser as a file. */
export function useCalendarDownload() {
  return useMutation({
    mutationFn: async ({ token, date }: { token: string; date: string }) => {
      const file = await api.getOrderCalendar(token);
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = `tort-${date}.ics`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
}
