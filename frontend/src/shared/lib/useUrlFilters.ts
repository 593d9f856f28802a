import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters and the page offset kept in the URL (shareable, survive reload, back button works).
 * `names` lists the recognised parameters; changing filters resets the offset. `filtered`: some filter
 * is set (an empty page then offers `resetFilters`, which clears them all).
 */
export function useUrlFilters<K extends string>(names: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const result = {} as Record<K, string>;
    for (const name of names) result[name] = params.get(name) ?? '';
    return result;
  }, [names, params]);
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const filtered = names.some((name) => filters[name] !== '');

  const setFilters = useCallback(
    (next: Partial<Record<K, string>>) => {
      setParams((current) => {
        const updated = new URLSearchParams(current);
        for (const [key, value] of Object.entries(next) as [string, string | undefined][]) {
          if (value) updated.set(key, value);
          else updated.delete(key);
        }
        updated.delete('offset');
        return updated;
      });
    },
    [setParams],
  );

  const setOffset = useCallback(
    (value: number) => {
      setParams((current) => {
        const updated = new URLSearchParams(current);
        if (value > 0) updated.set('offset', String(value));
        else updated.delete('offset');
        return updated;
      });
    },
    [setParams],
  );

  const resetFilters = useCallback(
    () => setFilters(Object.fromEntries(names.map((name) => [name, ''])) as Record<K, string>),
    [names, setFilters],
  );

  return { filters, filtered, offset, setFilters, resetFilters, setOffset, params, setParams };
}
