import { useMutation } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Credentials } from '../../api/models';
import { useAuth } from '../../shared/auth/AuthProvider';

/** Signs in; on success the session holds the user and the login page redirects. */
export function useLogin() {
  const { signedIn } = useAuth();
  return useMutation({
    mutationFn: (credentials: Credentials) => api.login(credentials),
    onSuccess: (session) => signedIn(session.user),
  });
}

/** Creates the account, then signs in with the same credentials. */
export function useRegister() {
  const { signedIn } = useAuth();
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      await api.register(credentials);
      return api.login(credentials);
    },
    onSuccess: (session) => signedIn(session.user),
  });
}
