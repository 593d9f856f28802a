import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { listActiveGenerations, TERMINAL_STATUSES } from '../../api/endpoints';
import type { Generation } from '../../api/models';
import { ACTIVE_REFRESH_MS, generationQuery, invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import { useAuth } from '../auth/AuthProvider';

/**
 * A generation that finished while the user was not watching it, shown as a notice with a link; the
 * variants of one submit share one notice (in variant order), whatever order they finish in.
 */
export interface FinishNotice {
  /** The submit's group, or the generation's own id. */
  key: string;
  /** Those that finished while no page followed them, in variant order. */
  generations: Generation[];
  /** Every generation of the submit as far as this page has seen them, in variant order: opened together. */
  ids: string[];
}

interface ActiveGenerationsValue {
  /** Pending and processing generations, newest first (empty until loaded, or signed out). */
  items: Generation[];
  /** Ids some mounted page follows itself (its own progress block): the strip and the notices skip them. */
  watched: ReadonlySet<string>;
  watch: (id: string) => () => void;
  /** Newest request first. */
  notices: FinishNotice[];
  /** Closes a notice by its key. */
  dismiss: (key: string) => void;
  dismissAll: () => void;
}

const NO_ITEMS: Generation[] = [];
const ActiveGenerationsContext = createContext<ActiveGenerationsValue>({
  items: NO_ITEMS,
  watched: new Set(),
  watch: () => () => undefined,
  notices: [],
  dismiss: () => undefined,
  dismissAll: () => undefined,
});

// Kept until closed or opened; the page shows the newest few and counts the rest.
const MAX_NOTICES = 50;

/** Newest request first: a batch finishes together, so the order of finishing says little. */
function byRequestTime(a: FinishNotice, b: FinishNotice): number {
  return Date.parse(b.generations[0].created_at) - Date.parse(a.generations[0].created_at);
}

const noticeKey = (g: Generation) => g.group_id ?? g.id;

/** `list` with `record` in its submit's notice (a new one if it has none yet), newest request first. */
function withFinished(list: FinishNotice[], record: Generation, ids: string[]): FinishNotice[] {
  const key = noticeKey(record);
  const existing = list.find((n) => n.key === key);
  const generations = [...(existing?.generations ?? []).filter((g) => g.id !== record.id), record].sort(
    (a, b) => (a.variant_index ?? 0) - (b.variant_index ?? 0),
  );
  return [{ key, generations, ids }, ...list.filter((n) => n.key !== key)].sort(byRequestTime).slice(0, MAX_NOTICES);
}

/**
 * The user's running generations on every page: one list refreshed every few seconds while anything
 * runs (and on every write that invalidates the generation lists), and a notice for each one that
 * finishes while no page follows it.
 */
export function ActiveGenerationsProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const queryClient = useQueryClient();
  const active = useQuery({
    queryKey: keys.activeGenerations,
    queryFn: ({ signal }) => listActiveGenerations(signal),
    enabled: status === 'authenticated',
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.length ? ACTIVE_REFRESH_MS : false),
  });
  const items = status === 'authenticated' ? (active.data ?? NO_ITEMS) : NO_ITEMS;

  const [watchCounts, setWatchCounts] = useState<ReadonlyMap<string, number>>(new Map());
  // Read when a finished generation's record arrives, after this render.
  const watchedNow = useRef<ReadonlyMap<string, number>>(watchCounts);
  useEffect(() => {
    watchedNow.current = watchCounts;
  }, [watchCounts]);
  const watch = useCallback((id: string) => {
    const change = (delta: number) =>
      setWatchCounts((counts) => {
        const next = new Map(counts);
        const count = (next.get(id) ?? 0) + delta;
        if (count > 0) next.set(id, count);
        else next.delete(id);
        return next;
      });
    change(1);
    return () => change(-1);
  }, []);
  const watched = useMemo(() => new Set(watchCounts.keys()), [watchCounts]);

  const [notices, setNotices] = useState<FinishNotice[]>([]);
  const dismiss = useCallback((key: string) => setNotices((list) => list.filter((n) => n.key !== key)), []);
  const dismissAll = useCallback(() => setNotices([]), []);
  // The provider sits above the routes: what finished for one user must not greet the next one to
  // sign in. Cleared while rendering (not in an effect), so no render ever shows them signed out.
  if (status !== 'authenticated' && notices.length > 0) setNotices([]);
  const running = useRef<Map<string, Generation> | null>(null);
  // The variants of each submit seen running (group -> id -> variant index): a notice opens them all,
  // even those that finished earlier on a page that followed them.
  const groups = useRef(new Map<string, Map<string, number>>());
  const membersOf = useCallback((record: Generation): string[] => {
    if (!record.group_id) return [record.id];
    const members = new Map(groups.current.get(record.group_id)).set(record.id, record.variant_index ?? 0);
    return [...members].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }, []);
  useEffect(() => {
    if (status !== 'authenticated') {
      running.current = null;
      groups.current.clear();
      return;
    }
    if (!active.data) return;
    const previous = running.current;
    running.current = new Map(active.data.map((g) => [g.id, g]));
    for (const g of active.data) {
      if (g.group_id) groups.current.set(g.group_id, new Map(groups.current.get(g.group_id)).set(g.id, g.variant_index ?? 0));
    }
    if (!previous) return; // the first list: nothing has finished yet as far as this page knows
    // Those a page follows are skipped: its tracker reads the money and the record itself.
    const gone = [...previous.keys()].filter((id) => !running.current?.has(id) && !watchedNow.current.has(id));
    if (!gone.length) return;
    // Money moved and the gallery grew even where no page follows the generation.
    void invalidateMoney(queryClient);
    for (const id of gone) {
      void queryClient
        .fetchQuery({ ...generationQuery(id), staleTime: 0 })
        .then((record) => {
          if (!TERMINAL_STATUSES.has(record.status) || record.status === 'cancelled') return;
          if (watchedNow.current.has(id)) return; // a page opened on it while the record was read
          setNotices((list) => withFinished(list, record, membersOf(record)));
        })
        .catch(() => undefined);
    }
  }, [active.data, status, queryClient, membersOf]);

  const value = useMemo(
    () => ({ items, watched, watch, notices, dismiss, dismissAll }),
    [items, watched, watch, notices, dismiss, dismissAll],
  );
  return <ActiveGenerationsContext.Provider value={value}>{children}</ActiveGenerationsContext.Provider>;
}

/** The user's running generations (and what the strip and notices need). */
export function useActiveGenerations(): ActiveGenerationsValue {
  return useContext(ActiveGenerationsContext);
}

/** Marks `id` as followed by the calling page while it is mounted: no strip entry, no notice for it. */
export function useWatchGeneration(id: string | null | undefined): void {
  const { watch } = useContext(ActiveGenerationsContext);
  useEffect(() => (id ? watch(id) : undefined), [id, watch]);
}
