import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PublicShareOut } from '../../api/models';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp } from '../../test/render';
import { COMMENT_FOR_CHANGES } from './AnswerForm';
import { recallAnswer } from './answerMemory';
import { GONE_MESSAGE, SharePage, TOO_MANY_MESSAGE } from './SharePage';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
const design = (id: string, prompt_ru: string | null = 'Торт с клубникой и белым кремом') => ({ id, image_url: `http://s3/${id}.png`, width: 512, height: 512, prompt_ru, style: 'wedding' });

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

const open = (token = TOKEN) => renderWithApp(<SharePage />, { route: `/s/${token}`, path: '/s/:token' });
const stored = (decision: 'approved' | 'changes_requested', comment: string | null, extra: object = {}) =>
  localStorage.setItem(
    `tortodelova.share-answer.${TOKEN}`,
    JSON.stringify({ id: 'f0', generation_id: 'a', decision, comment, name: 'Анна', created_at: '2025-01-02T10:00:00Z', ...extra }),
  );
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

  it('leaves the description out when the baker keeps it to herself', async () => {
    setup(share({ designs: [design('a', null)] }));
    open();
    expect(await screen.findByRole('img', { name: 'Эскиз торта' })).toBeInTheDocument();
    expect(screen.queryByText('Торт с клубникой и белым кремом')).toBeNull();
  });

  it('approves with a comment and a name, thanks, and remembers the answer on this device', async () => {
    const fetch = setup();
    open();
    await userEvent.type(await screen.findByLabelText('Комментарий'), 'Очень нравится!');
    await userEvent.type(screen.getByLabelText('Ваше имя'), 'Анна');
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    const answer = await screen.findByTestId('share-answer');
    expect(answer).toHaveTextContent('Спасибо! Ответ отправлен');
    expect(answer).toHaveTextContent('Вы ответили: Согласовано — «Очень нравится!»');
    await waitFor(() => expect(answer).toHaveFocus()); // the form that had the focus is gone
    expect(feedbackCalls(fetch)[0].body).toEqual({ decision: 'approved', comment: 'Очень нравится!', name: 'Анна', generation_id: null });
    expect(recallAnswer(TOKEN)).toMatchObject({ id: 'f1', decision: 'approved', comment: 'Очень нравится!' });
  });

  it('«Нужны правки» needs a comment saying what to change', async () => {
    const fetch = setup();
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Нужны правки' }));
    expect(screen.getByText(COMMENT_FOR_CHANGES)).toBeInTheDocument();
    expect(screen.getByLabelText('Комментарий')).toHaveFocus();
    await userEvent.type(screen.getByLabelText('Комментарий'), '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Нужны правки' }));
    expect(feedbackCalls(fetch)).toHaveLength(0);
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Больше ягод');
    await userEvent.click(screen.getByRole('button', { name: 'Нужны правки' }));
    expect(await screen.findByTestId('share-answer')).toHaveTextContent('Вы ответили: Нужны правки — «Больше ягод»');
    expect(feedbackCalls(fetch)[0].body).toEqual({ decision: 'changes_requested', comment: 'Больше ягод', name: null, generation_id: null });
  });

  it('shows the server’s word on the comment next to it', async () => {
    const fetch = setup();
    fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, problem(422, 'comment: напишите, что поменять', [{ field: 'comment', message: 'напишите, что поменять' }]));
    open();
    await userEvent.type(await screen.findByLabelText('Комментарий'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Нужны правки' }));
    expect(await screen.findByText('напишите, что поменять', { selector: '.field__error' })).toBeInTheDocument();
  });

  it('after a reload shows the answer given on this device, and «Изменить ответ» opens the form with it', async () => {
    stored('changes_requested', 'Больше ягод');
    const fetch = setup();
    open();
    const answer = await screen.findByTestId('share-answer');
    expect(answer).toHaveTextContent('Вы ответили: Нужны правки — «Больше ягод»');
    expect(answer).not.toHaveTextContent('Спасибо');
    expect(screen.queryByRole('button', { name: 'Согласовать' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Изменить ответ' }));
    expect(screen.getByLabelText('Комментарий')).toHaveValue('Больше ягод');
    expect(screen.getByLabelText('Комментарий')).toHaveFocus();
    expect(screen.getByLabelText('Ваше имя')).toHaveValue('Анна');
    await userEvent.click(screen.getByRole('button', { name: 'Оставить прежний ответ' }));
    expect(screen.getByTestId('share-answer')).toHaveTextContent('Нужны правки');

    await userEvent.click(screen.getByRole('button', { name: 'Изменить ответ' }));
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByTestId('share-answer')).toHaveTextContent('Вы ответили: Согласовано');
    expect(feedbackCalls(fetch)[0].body).toMatchObject({ decision: 'approved', comment: 'Больше ягод', name: 'Анна' });
    expect(recallAnswer(TOKEN)?.decision).toBe('approved');
  });

  it('remembers per link, and ignores what it cannot read', async () => {
    stored('approved', null);
    const other = 'ZyXwVuTsRqPoNmLkJiHgFe';
    const fetch = mockFetch();
    fetch.on('GET', `/api/public/shares/${other}`, json(200, { share: share({ token: other }) }));
    open(other);
    expect(await screen.findByRole('button', { name: 'Согласовать' })).toBeInTheDocument();
    expect(screen.queryByTestId('share-answer')).toBeNull();
    localStorage.setItem(`tortodelova.share-answer.${TOKEN}`, '{"decision": "maybe"');
    expect(recallAnswer(TOKEN)).toBeNull();
    localStorage.setItem(`tortodelova.share-answer.${TOKEN}`, JSON.stringify({ decision: 'maybe' }));
    expect(recallAnswer(TOKEN)).toBeNull();
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
    await screen.findByTestId('share-answer');
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
    expect(screen.queryByTestId('share-answer')).toBeNull();
  });

  it('a link revoked while the page is open answers with the same message', async () => {
    const fetch = setup();
    fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, problem(404, 'Ссылка не найдена'));
    open();
    await userEvent.type(await screen.findByLabelText('Комментарий'), 'Больше ягод');
    await userEvent.click(screen.getByRole('button', { name: 'Нужны правки' }));
    await waitFor(() => expect(screen.getByTestId('share-gone')).toHaveTextContent(GONE_MESSAGE));
  });
});
