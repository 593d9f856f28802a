import { useQuery } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import { keys } from '../../api/queryKeys';

/** The signed-in baker's price list: `null` until she fills it in. */
export function useBakery() {
  return useQuery({ queryKey: keys.bakery, queryFn: () => api.getBakery() });
}
