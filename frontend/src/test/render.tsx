import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { User } from '../api/models';
import { AuthProvider } from '../shared/auth/AuthProvider';
import type { FetchMock } from './fetchMock';
import { json } from './fetchMock';

export const testUser: User = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'baker@example.com',
  role: 'user',
  balance_credits: 120,
  reserved_credits: 20,
  available_credits: 100,
  is_active: true,
  created_at: '2025-01-01T10:00:00Z',
};

export function testQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
}

/** Makes the app start signed in through the real silent-refresh path. */
export function signedIn(fetch: FetchMock, user: User = testUser) {
  localStorage.setItem('tortodelova.has_session', '1');
  fetch.on('POST', '/api/auth/refresh', json(200, { access_token: 'access-1', token_type: 'bearer', expires_in: 900 }));
  fetch.on('GET', '/api/me', json(200, { user }));
}

/** Renders `element` at `route` inside the app's providers (query client, router, auth). */
export function renderWithApp(element: ReactElement, { route = '/', path = '*' }: { route?: string; path?: string } = {}) {
  const client = testQueryClient();
  const result = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[route]}>
        <AuthProvider>
          <Routes>
            <Route path={path} element={element} />
            <Route path="/login" element={<p>login page</p>} />
            <Route path="/balance" element={<p>balance page</p>} />
          </Routes>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, client };
}
