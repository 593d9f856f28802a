import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { refreshAccessToken } from '../../api/client';
import * as api from '../../api/endpoints';
import { keys } from '../../api/queries';
import { clearSession, hasSessionHint, onSessionExpired } from '../../api/session';
import type { Credentials, User } from '../../api/models';

export const RESERVED_REFRESH_MS = 5_000;

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  /** The profile request failed for a reason other than the session (e.g. network). */
  profileError: unknown;
  login: (credentials: Credentials) => Promise<User>;
  register: (credentials: Credentials) => Promise<User>;
  logout: () => Promise<void>;
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
      active = false;
    };
    // Runs once on start; later transitions are driven by login/logout/expiry.
  }, []);

  useEffect(
    () =>
      onSessionExpired(() => {
        setStatus('anonymous');
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'styles' && query.queryKey[0] !== 'ready' });
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

  const login = useCallback(
    async (credentials: Credentials) => {
      const session = await api.login(credentials);
      queryClient.setQueryData(keys.me, session.user);
      setStatus('authenticated');
      return session.user;
    },
    [queryClient],
  );

  const register = useCallback(
    async (credentials: Credentials) => {
      await api.register(credentials);
      return login(credentials);
    },
    [login],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      clearSession(); // the local session ends even if the server could not be told
    } finally {
      setStatus('anonymous');
      queryClient.clear();
    }
  }, [queryClient]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user: status === 'authenticated' ? (me.data ?? null) : null,
      profileError: status === 'authenticated' ? me.error : null,
      login,
      register,
      logout,
    }),
    [status, me.data, me.error, login, register, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
