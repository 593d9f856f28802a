import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { refreshAccessToken } from '../../api/client';
import * as api from '../../api/endpoints';
import { keys, PUBLIC_QUERY_ROOTS } from '../../api/queryKeys';
import { hasSessionHint, onSessionExpired } from '../../api/session';
import type { User } from '../../api/models';

export const RESERVED_REFRESH_MS = 5_000;

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  /** The profile request failed for a reason other than the session (e.g. network). */
  profileError: unknown;
  /** A login (or registration) just returned this user with a fresh access token. */
  signedIn: (user: User) => void;
  logout: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthStatus>(() => (hasSessionHint() ? 'loading' : 'anonymous'));

  // Silent sign-in on app start through the refresh cookie (only when a session may exist).
  useEffect(() => {
    if (status !== 'loading') return;
    let active = true;
    refreshAccessToken()
      .then((token) => active && setStatus(token ? 'authenticated' : 'anonymous'))
      .catch(() => active && setStatus('anonymous'));
    return () => {
      active = false; // a login, logout or expiry decided first
    };
  }, [status]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setStatus('anonymous');
        queryClient.removeQueries({ predicate: (query) => !PUBLIC_QUERY_ROOTS.includes(query.queryKey[0]) });
      }),
    [queryClient],
  );

  // While credits are reserved a generation is running somewhere (maybe on a page no longer open):
  // keep the header's balance current until it settles.
  const me = useQuery({
    queryKey: keys.me,
    queryFn: api.getMe,
    enabled: status === 'authenticated',
    refetchInterval: (query) => (query.state.data?.reserved_credits ? RESERVED_REFRESH_MS : false),
  });

  const signedIn = useCallback(
    (user: User) => {
      queryClient.setQueryData(keys.me, user);
      setStatus('authenticated');
    },
    [queryClient],
  );

  // The local session ends even if the server could not be told (api.logout clears it either way).
  const { mutate: logout } = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      setStatus('anonymous');
      queryClient.removeQueries();
    },
  });

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user: status === 'authenticated' ? (me.data ?? null) : null,
      profileError: status === 'authenticated' ? me.error : null,
      signedIn,
      logout: () => logout(),
    }),
    [status, me.data, me.error, signedIn, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
