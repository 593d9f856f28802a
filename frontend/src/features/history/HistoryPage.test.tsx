import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { HistoryPage } from './HistoryPage';

describe('HistoryPage', () => {
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
