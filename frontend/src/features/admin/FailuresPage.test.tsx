import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn, testUser } from '../../test/render';
import { FailuresPage } from './FailuresPage';

describe('FailuresPage', () => {
  it('lists failed generations with whose they are and why they failed', async () => {
    const fetch = mockFetch();
    signedIn(fetch, { ...testUser, role: 'admin' });
    fetch.on('GET', '/api/admin/users', json(200, { items: [testUser], total: 1 }));
    const failed = generation({ id: 'f1', status: 'failed', error: 'Ошибка модели. Кредиты не списаны.', attempts: 3, user_id: testUser.id });
    fetch.on('GET', '/api/admin/generations', json(200, { items: [failed], total: 1 }));
    renderWithApp(<FailuresPage />, { route: '/admin/failures' });
    const row = await screen.findByTestId('failure-row');
    expect(row).toHaveTextContent('Ошибка модели. Кредиты не списаны.');
    expect(row).toHaveTextContent('3');
    expect(await screen.findByText(testUser.email)).toBeInTheDocument();
    expect(new URL(fetch.callsTo('GET', '/api/admin/generations')[0].url, 'http://x').searchParams.get('status')).toBe('failed');
  });
});
