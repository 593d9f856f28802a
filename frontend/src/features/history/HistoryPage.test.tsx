import { screen, within } from '@testing-library/react';
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
});
