import { screen, waitFor } from '@testing-library/react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../test/fetchMock';
import { signedIn, testQueryClient, testUser } from '../test/render';
import { App } from './App';
import { DEMO_TEXT } from './DemoBanner';

function renderApp(path: string) {
  window.history.pushState({}, '', path);
  return render(<App client={testQueryClient()} />);
}

function baseMocks() {
  return mockFetch()
    .on('GET', '/api/ready', json(200, { status: 'ok', database: {}, storage: {}, ml_engine: { mode: 'real' }, workers: {} }))
    .on('GET', '/api/styles', json(200, [{ code: 'minimal', title: 'Минимализм', description: 'Чистые линии' }]));
}

describe('App routing and session', () => {
  it('sends an anonymous visitor to the login page without touching the refresh endpoint', async () => {
    const fetch = baseMocks();
    renderApp('/gallery');
    expect(await screen.findByRole('heading', { name: 'Вход' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/login');
    expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
    expect(document.title).toBe('Вход — Тортоделова');
  });

  it('signs in silently on start through the refresh cookie', async () => {
    const fetch = baseMocks();
    signedIn(fetch);
    fetch.on('GET', '/api/balance', json(200, { balance_credits: 120, reserved_credits: 20, available_credits: 100 }));
    renderApp('/balance');
    expect(await screen.findByRole('heading', { name: 'Баланс' })).toBeInTheDocument();
    expect(screen.getByTestId('nav-credits')).toHaveTextContent('100');
    expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('opens every page with a skip link to the main content as the first Tab stop', async () => {
    baseMocks();
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Вход' });
    await userEvent.tab();
    expect(screen.getByRole('link', { name: 'Перейти к содержимому' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('falls back to the login page when the refresh cookie is no longer valid', async () => {
    const fetch = baseMocks();
    localStorage.setItem('tortodelova.has_session', '1');
    fetch.on('POST', '/api/auth/refresh', problem(401, 'Сессия истекла'));
    renderApp('/studio');
    expect(await screen.findByRole('heading', { name: 'Вход' })).toBeInTheDocument();
  });

  it('keeps plain users out of the admin area without calling admin endpoints', async () => {
    const fetch = baseMocks();
    signedIn(fetch);
    renderApp('/admin/monitoring');
    expect(await screen.findByTestId('forbidden')).toHaveTextContent('Нет доступа');
    expect(screen.queryByRole('link', { name: 'Администрирование' })).not.toBeInTheDocument();
    expect(fetch.calls.some((c) => c.path.startsWith('/api/admin'))).toBe(false);
  });

  it('opens the admin area for admins', async () => {
    const fetch = baseMocks();
    signedIn(fetch, { ...testUser, role: 'admin' });
    fetch.on('GET', '/api/admin/users', json(200, { items: [testUser], total: 1 }));
    renderApp('/admin');
    expect(await screen.findByTestId('users-table')).toHaveTextContent('baker@example.com');
    expect(screen.getByRole('link', { name: 'Администрирование' })).toBeInTheDocument();
  });

  it('logs out: the server is told and the app returns to the login page', async () => {
    const fetch = baseMocks();
    signedIn(fetch);
    fetch.on('POST', '/api/auth/logout', new Response(null, { status: 204 }));
    renderApp('/studio');
    await userEvent.click(await screen.findByRole('button', { name: 'Выйти' }));
    expect(await screen.findByRole('heading', { name: 'Вход' })).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/auth/logout')[0].credentials).toBe('include');
    expect(localStorage.getItem('tortodelova.has_session')).toBeNull();
  });

  it('shows the demo banner only when the ML engine runs in demo mode', async () => {
    const fetch = baseMocks();
    fetch.on('GET', '/api/ready', json(200, { status: 'ok', database: {}, storage: {}, ml_engine: { mode: 'demo' }, workers: {} }));
    renderApp('/login');
    expect(await screen.findByTestId('demo-banner')).toHaveTextContent(DEMO_TEXT);
  });

  it('reads the demo mode from a 503 readiness answer too', async () => {
    const fetch = baseMocks();
    fetch.on('GET', '/api/ready', json(503, { status: 'degraded', database: {}, storage: {}, ml_engine: { mode: 'demo' }, workers: {} }));
    renderApp('/login');
    expect(await screen.findByTestId('demo-banner')).toBeInTheDocument();
  });

  it('has no banner in real mode', async () => {
    const fetch = baseMocks();
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Вход' });
    await waitFor(() => expect(fetch.callsTo('GET', '/api/ready')).toHaveLength(1));
    expect(screen.queryByTestId('demo-banner')).not.toBeInTheDocument();
  });
});
