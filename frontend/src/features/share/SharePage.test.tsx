import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PublicShareOut } from '../../api/models';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp } from '../../test/render';
import { GONE_MESSAGE, SharePage, TOO_MANY_MESSAGE } from './SharePage';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
const design = (id: string) => ({ id, image_url: `http://s3/${id}.png`, width: 512, height: 512, prompt_ru: 'Торт с клубникой и белым кремом', style: 'wedding' });

const share = (overrides: Partial<PublicShareOut> = {}): PublicShareOut => ({
  token: TOKEN,
  note: 'Цена 4500 ₽, готов к субботе',
  expires_at: '2099-01-16T10:00:00Z',
  designs: [design('a')],
  feedback: [],
  ...overrides,
});

function setup(data: PublicShareOut = share()) {
  const fetch = mockFetch();
  fetch.on('GET', `/api/public/shares/${TOKEN}`, json(200, { share: data }));
  fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, (call) =>
    json(201, { feedback: { id: 'f1', created_at: '2025-01-02T10:00:00Z', ...(call.body as object), generation_id: 'a' } }),
  );
  return fetch;
}

const open = () => renderWithApp(<SharePage />, { route: `/s/${TOKEN}`, path: '/s/:token' });
const feedbackCalls = (fetch: ReturnType<typeof setup>) => fetch.callsTo('POST', `/api/public/shares/${TOKEN}/feedback`);

describe('the client page /s/:token', () => {
  it('shows the design, its description and the baker’s note without signing in', async () => {
    const fetch = setup();
    open();
    expect(await screen.findByRole('heading', { name: 'Эскиз торта' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Торт с клубникой/ })).toHaveAttribute('src', 'http://s3/a.png');
    expect(screen.getByText('Цена 4500 ₽, готов к субботе')).toBeInTheDocument();
    expect(screen.getByText('Ссылка действует до 16 января 2099 г.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
    expect(fetch.callsTo('GET', `/api/public/shares/${TOKEN}`)[0].headers.authorization).toBeUndefined();
  });

  it('approves with a comment and a name, then thanks', async () => {
    const fetch = setup();
    open();
    await userEvent.type(await screen.findByLabelText('Комментарий'), 'Очень нравится!');
    await userEvent.type(screen.getByLabelText('Ваше имя'), 'Анна');
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    const thanks = await screen.findByTestId('share-thanks');
    expect(thanks).toHaveTextContent('Спасибо! Ответ отправлен');
    expect(thanks).toHaveTextContent('Согласовано');
    expect(feedbackCalls(fetch)[0].body).toEqual({ decision: 'approved', comment: 'Очень нравится!', name: 'Анна', generation_id: null });
  });

  it('asks for changes with no comment at all', async () => {
    const fetch = setup();
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Нужны правки' }));
    expect(await screen.findByTestId('share-thanks')).toHaveTextContent('Нужны правки');
    expect(feedbackCalls(fetch)[0].body).toEqual({ decision: 'changes_requested', comment: null, name: null, generation_id: null });
  });

  it('for variants asks to choose one first, then sends the chosen one', async () => {
    const fetch = setup(share({ designs: [design('a'), design('b'), design('c')] }));
    open();
    expect(await screen.findByRole('heading', { name: 'Эскизы торта' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Выберите вариант' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(screen.getByText('Выберите вариант, о котором ваш ответ.')).toBeInTheDocument();
    expect(feedbackCalls(fetch)).toHaveLength(0);
    await userEvent.click(screen.getByRole('radio', { name: /Вариант 2/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    await screen.findByTestId('share-thanks');
    expect(feedbackCalls(fetch)[0].body).toMatchObject({ decision: 'approved', generation_id: 'b' });
  });

  it('checks the comment length before sending', async () => {
    const fetch = setup();
    open();
    await userEvent.click(await screen.findByLabelText('Комментарий'));
    await userEvent.paste('я'.repeat(1001));
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(screen.getByText('Комментарий: не больше 1 000 символов.')).toBeInTheDocument();
    expect(feedbackCalls(fetch)).toHaveLength(0);
  });

  it('says the link no longer works when it is revoked or expired', async () => {
    const fetch = mockFetch();
    fetch.on('GET', `/api/public/shares/${TOKEN}`, problem(404, 'Ссылка не найдена или больше не действует'));
    open();
    expect(await screen.findByRole('heading', { name: GONE_MESSAGE })).toBeInTheDocument();
  });

  it('says so when too many answers were sent (429)', async () => {
    const fetch = setup();
    fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, problem(429, 'Too Many Requests'));
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByText(TOO_MANY_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByTestId('share-thanks')).toBeNull();
  });

  it('a link revoked while the page is open answers with the same message', async () => {
    const fetch = setup();
    fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, problem(404, 'Ссылка не найдена'));
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Нужны правки' }));
    await waitFor(() => expect(screen.getByTestId('share-gone')).toHaveTextContent(GONE_MESSAGE));
  });
});
