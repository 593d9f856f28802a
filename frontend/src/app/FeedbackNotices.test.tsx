import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch, problem, sseResponse } from '../test/fetchMock';
import { renderWithApp, signedIn } from '../test/render';
import { AnnouncerProvider } from '../shared/a11y/announcer';
import { FeedbackNotices } from './FeedbackNotices';

const answer = { id: 'f1', generation_id: 'a', decision: 'approved', comment: 'Берём', name: 'Анна', created_at: '2025-01-02T10:00:00Z' };

describe('FeedbackNotices', () => {
  it('a client answer arriving on GET /api/events refreshes the design and shows a notice with a way to it', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/events', () =>
      sseResponse([': connected\n\n', `event: feedback\ndata: ${JSON.stringify({ type: 'feedback', generation_id: 'a', feedback: answer })}\n\n`], { keepOpen: true }),
    );
    const { client } = renderWithApp(
      <AnnouncerProvider>
        <FeedbackNotices />
      </AnnouncerProvider>,
    );
    client.setQueryData(['generations', { status: 'success' }], { items: [], total: 0 });
    const notice = await screen.findByTestId('feedback-notice');
    expect(notice).toHaveTextContent('Клиент ответил: Согласовано — «Берём»');
    expect(screen.getByRole('link', { name: 'Открыть дизайн' })).toHaveAttribute('href', '/designs/a');
    expect(client.getQueryState(['generations', { status: 'success' }])?.isInvalidated).toBe(true);
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('Клиент ответил на дизайн: Согласовано'));
    await userEvent.click(screen.getByRole('button', { name: 'Скрыть уведомление' }));
    expect(screen.queryByTestId('feedback-notice')).toBeNull();
  });

  it('does not retry a refused stream', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('GET', '/api/events', problem(404, 'Не найдено'));
    renderWithApp(<FeedbackNotices />);
    await waitFor(() => expect(fetch.callsTo('GET', '/api/events')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetch.callsTo('GET', '/api/events')).toHaveLength(1);
    expect(screen.queryByTestId('feedback-notice')).toBeNull();
  });
});
