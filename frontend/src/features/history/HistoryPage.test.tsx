import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { HistoryPage } from './HistoryPage';

const tx = (id: string, requestId: string | null) => ({
  id,
  user_id: 'u1',
  amount: 10,
  type: 'debit',
  kind: 'generation',
  description: 'Генерация дизайна',
  prediction_request_id: requestId,
  created_at: '2026-01-01T10:00:00Z',
});

function setup() {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/styles', json(200, []));
  fetch.on('GET', '/api/generations', json(200, { items: [], total: 0 }));
  fetch.on('GET', '/api/transactions', json(200, { items: [tx('t1', 'g-42'), tx('t2', null)], total: 2 }));
  return fetch;
}

describe('HistoryPage', () => {
  it('says nothing matched a filter and offers to reset it, not to create a first design', async () => {
    const fetch = setup();
    renderWithApp(<HistoryPage />, { route: '/history?status=pending' });
    expect(await screen.findByText('Ничего не нашлось')).toBeInTheDocument();
    expect(screen.queryByText('Запросов пока нет')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Сбросить фильтры' }));
    expect(await screen.findByText('Запросов пока нет')).toBeInTheDocument();
    await waitFor(() => expect(fetch.callsTo('GET', '/api/generations').some((c) => !c.url.includes('status='))).toBe(true));
  });

  it('links a generation debit to its design', async () => {
    setup();
    renderWithApp(<HistoryPage />, { route: '/history?tab=transactions' });
    const links = await screen.findAllByRole('link', { name: 'Открыть дизайн' });
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', '/designs/g-42');
  });

  it('offers «Открыть в студии» on finished rows and «Следить за прогрессом» on running ones', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/styles', json(200, []));
    const items = [generation({ id: 'g-done', status: 'success', progress: 1 }), generation({ id: 'g-run', status: 'processing', prompt_ru: 'Бенто' })];
    fetch.on('GET', '/api/generations', json(200, { items, total: 2 }));
    renderWithApp(<HistoryPage />, { route: '/history' });
    const [done, running] = await screen.findAllByTestId('generation-row');
    expect(within(done).getByRole('link', { name: 'Открыть в студии: Торт с клубникой' })).toHaveAttribute('href', '/studio?from=g-done');
    expect(within(running).getByRole('link', { name: /Следить за прогрессом/ })).toHaveAttribute('href', '/studio?g=g-run');
    expect(within(running).queryByRole('link', { name: /Открыть в студии/ })).not.toBeInTheDocument();
  });
});
