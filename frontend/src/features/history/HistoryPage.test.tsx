import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { HistoryPage } from './HistoryPage';

describe('HistoryPage', () => {
  it('links a finished design to its own page and marks a deleted one', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/styles', json(200, []));
    fetch.on('GET', '/api/generations', json(200, {
      items: [
        generation({ id: 'kept', status: 'success', prompt_ru: 'Торт с вишней' }),
        generation({ id: 'gone', status: 'success', prompt_ru: 'Торт с грушей', deleted: true }),
      ],
      total: 2,
    }));
    renderWithApp(<HistoryPage />, { route: '/history' });
    const rows = await screen.findAllByTestId('generation-row');
    expect(within(rows[0]).getByRole('link', { name: 'Открыть дизайн →' })).toHaveAttribute('href', '/designs/kept');
    expect(within(rows[1]).queryByRole('link', { name: 'Открыть дизайн →' })).toBeNull();
    expect(rows[1]).toHaveTextContent('Дизайн удалён');
  });

  it('a debit for a design leads to that design', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/styles', json(200, []));
    fetch.on('GET', '/api/generations', json(200, { items: [], total: 0 }));
    fetch.on('GET', '/api/transactions', json(200, {
      items: [
        { id: 't1', user_id: 'u', amount: 10, type: 'debit', kind: 'generation', description: 'Генерация дизайна', prediction_request_id: 'g-7', created_at: '2025-01-01T10:00:00Z' },
        { id: 't2', user_id: 'u', amount: 50, type: 'credit', kind: 'bonus', description: 'Приветственный бонус', prediction_request_id: null, created_at: '2025-01-01T09:00:00Z' },
      ],
      total: 2,
    }));
    renderWithApp(<HistoryPage />, { route: '/history' });
    await userEvent.click(await screen.findByRole('tab', { name: 'Операции по балансу' }));
    const rows = await screen.findAllByTestId('transaction-row');
    expect(within(rows[0]).getByRole('link', { name: 'Открыть дизайн →' })).toHaveAttribute('href', '/designs/g-7');
    expect(within(rows[1]).queryByRole('link')).toBeNull();
  });

  it('a status with no requests says nothing was found and offers to reset the filter', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/styles', json(200, []));
    fetch.on('GET', '/api/generations', json(200, { items: [], total: 0 }));
    renderWithApp(<HistoryPage />, { route: '/history?status=pending' });
    const empty = await screen.findByTestId('history-empty');
    expect(empty).toHaveTextContent('Ничего не нашлось');
    expect(empty).toHaveTextContent('Запросов со статусом «В очереди» нет.');
    expect(within(empty).queryByRole('link', { name: 'Создать дизайн' })).toBeNull();
    await userEvent.click(within(empty).getByRole('button', { name: 'Сбросить фильтр' }));
    expect(await screen.findByText('Запросов пока нет')).toBeInTheDocument();
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

  it('«Следить за прогрессом» on a running redraw leads to its redraw page', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/styles', json(200, []));
    const redraw = generation({ id: 'g-redraw', status: 'processing', init_image: { generation_id: 'g-src' }, strength: 0.7, mask_upload_id: 'u-mask' });
    fetch.on('GET', '/api/generations', json(200, { items: [redraw], total: 1 }));
    renderWithApp(<HistoryPage />, { route: '/history' });
    const [row] = await screen.findAllByTestId('generation-row');
    expect(within(row).getByRole('link', { name: /Следить за прогрессом/ })).toHaveAttribute('href', '/designs/g-src/redraw?g=g-redraw');
  });
});
