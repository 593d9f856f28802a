import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Generation } from '../api/models';
import { ActiveGenerationsProvider, useWatchGeneration } from '../shared/generation/activeGenerations';
import { generation } from '../test/factories';
import { json, mockFetch, type FetchMock } from '../test/fetchMock';
import { renderWithApp, signedIn, testQueryClient, testUser } from '../test/render';
import { ActiveStrip } from './ActiveStrip';
import { App } from './App';

// The strip refreshes every 3 s while something runs; a finish is noticed on the next refresh.
const REFRESH_WAIT = { timeout: 6_000 };

/** GET /api/generations?status=… answers from `lists` as it is at the moment of the call. */
function serveActive(fetch: FetchMock, lists: { pending: Generation[]; processing: Generation[] }) {
  fetch.on('GET', '/api/generations', (call) => {
    const status = new URL(call.url, 'http://localhost').searchParams.get('status') as 'pending' | 'processing';
    const items = lists[status] ?? [];
    return json(200, { items, total: items.length });
  });
}

function appMocks() {
  const fetch = mockFetch()
    .on('GET', '/api/ready', json(200, { status: 'ok', database: {}, storage: {}, ml_engine: { mode: 'real' }, workers: {} }))
    .on('GET', '/api/styles', json(200, []))
    .on('GET', '/api/balance', json(200, { balance_credits: 120, reserved_credits: 20, available_credits: 100 }));
  signedIn(fetch);
  return fetch;
}

function renderApp(path: string) {
  window.history.pushState({}, '', path);
  return render(<App client={testQueryClient()} />);
}

const running = generation({ id: 'g-run', prompt_ru: 'Торт с клубникой', status: 'processing', progress: 0.45, queue_position: 0 });
const waiting = generation({ id: 'g-wait', prompt_ru: 'Бенто с котиком', status: 'pending', queue_position: 1, created_at: '2025-01-01T09:00:00Z' });

describe('«В работе» strip and finish notices', () => {
  it('lists the running generations on any page, each linking to where its progress is shown', async () => {
    const fetch = appMocks();
    serveActive(fetch, { pending: [waiting], processing: [running] });
    renderApp('/balance');
    const strip = await screen.findByRole('region', { name: 'В работе' });
    expect(strip).toHaveTextContent('В работе: 2');
    const links = within(strip).getAllByRole('link');
    expect(links[0]).toHaveTextContent('Торт с клубникой45%');
    expect(links[0]).toHaveAttribute('href', '/studio?g=g-run');
    expect(links[1]).toHaveTextContent('Бенто с котикомв очереди');
    // Pending is asked before processing, so a generation that starts in between is never missed.
    const asked = fetch.callsTo('GET', '/api/generations').map((c) => new URL(c.url, 'http://localhost').searchParams.get('status'));
    expect(asked.slice(0, 2)).toEqual(['pending', 'processing']);
  });

  it('links a running redraw to its redraw page', async () => {
    const fetch = appMocks();
    const redraw = { ...running, init_image: { generation_id: 'g-src' }, strength: 0.7, mask_upload_id: 'u-mask' };
    serveActive(fetch, { pending: [], processing: [redraw] });
    renderApp('/balance');
    const strip = await screen.findByRole('region', { name: 'В работе' });
    expect(within(strip).getByRole('link')).toHaveAttribute('href', '/designs/g-src/redraw?g=g-run');
  });

  it('shows a notice with «Открыть» and says it aloud when one finishes on another page', async () => {
    const fetch = appMocks();
    const lists = { pending: [] as Generation[], processing: [running] };
    serveActive(fetch, lists);
    const done = { ...running, status: 'success' as const, progress: 1, public_url: 'http://s3/done.png', credits_spent: 10 };
    fetch.on('GET', '/api/generations/g-run', json(200, { generation: done }));
    renderApp('/balance');
    await screen.findByRole('region', { name: 'В работе' });
    lists.processing = [];
    const notice = await screen.findByTestId('finish-notice', {}, REFRESH_WAIT);
    expect(notice).toHaveTextContent('Дизайн готов: «Торт с клубникой»');
    expect(within(notice).getByRole('link', { name: 'Открыть' })).toHaveAttribute('href', '/studio?g=g-run');
    expect(screen.queryByRole('region', { name: 'В работе' })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('Дизайн готов: «Торт с клубникой»'));
    // The balance the finish changed is read again.
    expect(fetch.callsTo('GET', '/api/balance').length).toBeGreaterThanOrEqual(2);
    await userEvent.click(within(notice).getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByTestId('finish-notice')).not.toBeInTheDocument();
  });

  it('says that a failed one cost nothing', async () => {
    const fetch = appMocks();
    const lists = { pending: [] as Generation[], processing: [running] };
    serveActive(fetch, lists);
    fetch.on('GET', '/api/generations/g-run', json(200, { generation: { ...running, status: 'failed', error: 'сбой' } }));
    renderApp('/balance');
    await screen.findByRole('region', { name: 'В работе' });
    lists.processing = [];
    const notice = await screen.findByTestId('finish-notice', {}, REFRESH_WAIT);
    expect(notice).toHaveTextContent('Не получилось: «Торт с клубникой». Кредиты не списаны.');
  });

  it('forgets the notices on sign-out: the next user to sign in does not see them', async () => {
    const fetch = appMocks();
    const lists = { pending: [] as Generation[], processing: [running] };
    serveActive(fetch, lists);
    const done = { ...running, status: 'success' as const, progress: 1, public_url: 'http://s3/done.png', credits_spent: 10 };
    fetch.on('GET', '/api/generations/g-run', json(200, { generation: done }));
    fetch.on('POST', '/api/auth/logout', new Response(null, { status: 204 }));
    renderApp('/balance');
    await screen.findByRole('region', { name: 'В работе' });
    lists.processing = [];
    await screen.findByTestId('finish-notice', {}, REFRESH_WAIT);
    await userEvent.click(screen.getByRole('button', { name: 'Выйти' }));
    expect(await screen.findByRole('heading', { name: 'Вход' })).toBeInTheDocument();
    const other = { ...testUser, id: '22222222-2222-4222-8222-222222222222', email: 'other@example.com' };
    fetch.on('POST', '/api/auth/login', json(200, { access_token: 'a-2', token_type: 'bearer', expires_in: 900, user: other }));
    await userEvent.type(screen.getByLabelText('Email'), 'other@example.com');
    await userEvent.type(screen.getByLabelText('Пароль'), 'secret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('button', { name: 'Выйти' })).toBeInTheDocument();
    expect(screen.queryByTestId('finish-notice')).not.toBeInTheDocument();
  });

  describe('when many finish together', () => {
    // Five requests made a minute apart, finishing in one batch; the answers arrive in any order.
    const five = ['один', 'два', 'три', 'четыре', 'пять'].map((word, i) =>
      generation({ id: `g-${i}`, prompt_ru: `Торт ${word}`, status: 'processing', created_at: `2025-01-01T09:0${i}:00Z` }),
    );
    afterEach(() => vi.unstubAllGlobals());

    async function finishAll() {
      const fetch = appMocks();
      const lists = { pending: [] as Generation[], processing: [...five] };
      serveActive(fetch, lists);
      for (const g of [...five].reverse()) {
        fetch.on('GET', `/api/generations/${g.id}`, json(200, { generation: { ...g, status: 'success', progress: 1, public_url: `http://s3/${g.id}.png` } }));
      }
      renderApp('/balance');
      await screen.findByRole('region', { name: 'В работе' });
      lists.processing = [];
      return screen.findByTestId('finish-notices-rest', {}, REFRESH_WAIT);
    }

    it('shows the three newest requests and counts the rest, losing none', async () => {
      const rest = await finishAll();
      const notices = screen.getAllByTestId('finish-notice');
      expect(notices.map((n) => n.textContent)).toEqual([
        expect.stringContaining('Торт пять'),
        expect.stringContaining('Торт четыре'),
        expect.stringContaining('Торт три'),
      ]);
      expect(rest).toHaveTextContent('Готово ещё 2 дизайна');
      expect(within(rest).getByRole('link', { name: 'Мои дизайны' })).toHaveAttribute('href', '/gallery');
      // Closing one brings the next one up; «Закрыть все» closes the rest.
      await userEvent.click(within(notices[0]).getByRole('button', { name: 'Закрыть' }));
      await waitFor(() => expect(screen.getAllByTestId('finish-notice')[2]).toHaveTextContent('Торт два'));
      expect(screen.getByTestId('finish-notices-rest')).toHaveTextContent('Готово ещё 1 дизайн');
      await userEvent.click(within(screen.getByTestId('finish-notices-rest')).getByRole('button', { name: 'Закрыть все' }));
      expect(screen.queryByTestId('finish-notices')).not.toBeInTheDocument();
    }, 15_000);

    it('shows one on a phone, where the room is narrow', async () => {
      vi.stubGlobal('matchMedia', (query: string) => ({ matches: query.includes('max-width'), media: query, addEventListener() {}, removeEventListener() {} }));
      const rest = await finishAll();
      expect(screen.getAllByTestId('finish-notice')).toHaveLength(1);
      expect(screen.getByTestId('finish-notice')).toHaveTextContent('Торт пять');
      expect(rest).toHaveTextContent('Готово ещё 4 дизайна');
    }, 15_000);
  });

  describe('the variants of one submit', () => {
    const variants = [0, 1, 2].map((i) =>
      generation({ id: `v-${i}`, prompt_ru: 'Торт с пионами', status: 'processing', progress: 0.3 * i, group_id: 'grp', variant_index: i }),
    );

    it('are one entry in the strip, opening all of them side by side', async () => {
      const fetch = appMocks();
      serveActive(fetch, { pending: [], processing: [...variants].reverse() });
      renderApp('/balance');
      const strip = await screen.findByRole('region', { name: 'В работе' });
      expect(strip).toHaveTextContent('В работе: 1');
      const link = within(strip).getByRole('link', { name: /^Торт с пионами\s*\(3 варианта\)\s*30%$/ });
      expect(link).toHaveTextContent(/^Торт с пионами.*×3 · 30%$/);
      expect(link).toHaveAttribute('href', '/studio?g=v-0&g=v-1&g=v-2');
    });

    it('share one notice that says how many came out', async () => {
      const fetch = appMocks();
      const lists = { pending: [] as Generation[], processing: [...variants] };
      serveActive(fetch, lists);
      variants.forEach((v, i) => {
        const status = i === 1 ? 'failed' : 'success';
        fetch.on('GET', `/api/generations/${v.id}`, json(200, { generation: { ...v, status, progress: 1 } }));
      });
      renderApp('/balance');
      await screen.findByRole('region', { name: 'В работе' });
      lists.processing = [];
      const notice = await screen.findByTestId('finish-notice', {}, REFRESH_WAIT);
      await waitFor(() =>
        expect(notice).toHaveTextContent('Готово 2 из 3 вариантов: «Торт с пионами». За остальные кредиты не списаны.'),
      );
      expect(screen.getAllByTestId('finish-notice')).toHaveLength(1);
      expect(within(notice).getByRole('link', { name: 'Открыть' })).toHaveAttribute('href', '/studio?g=v-0&g=v-1&g=v-2');
    }, 10_000);

    it('open every variant of the submit, even when one finishes before the others', async () => {
      const fetch = appMocks();
      const lists = { pending: [] as Generation[], processing: [...variants] };
      serveActive(fetch, lists);
      fetch.on('GET', '/api/generations/v-2', json(200, { generation: { ...variants[2], status: 'success', progress: 1 } }));
      renderApp('/balance');
      await screen.findByRole('region', { name: 'В работе' });
      lists.processing = variants.slice(0, 2);
      const notice = await screen.findByTestId('finish-notice', {}, REFRESH_WAIT);
      expect(notice).toHaveTextContent('Дизайн готов: «Торт с пионами»');
      expect(within(notice).getByRole('link', { name: 'Открыть' })).toHaveAttribute('href', '/studio?g=v-0&g=v-1&g=v-2');
    }, 10_000);
  });

  it('leaves out what the current page follows itself', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    serveActive(fetch, { pending: [waiting], processing: [running] });
    function FollowsOne() {
      useWatchGeneration('g-run');
      return null;
    }
    renderWithApp(
      <ActiveGenerationsProvider>
        <ActiveStrip />
        <FollowsOne />
      </ActiveGenerationsProvider>,
    );
    const strip = await screen.findByRole('region', { name: 'В работе' });
    expect(strip).toHaveTextContent('В работе: 1');
    expect(strip).toHaveTextContent('Бенто с котиком');
    expect(strip).not.toHaveTextContent('Торт с клубникой');
  }, 10_000);
});
