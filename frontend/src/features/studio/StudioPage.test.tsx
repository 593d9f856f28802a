import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, sseResponse, type FetchMock } from '../../test/fetchMock';
import { generation } from '../../test/factories';
import { AnnouncerProvider } from '../../shared/a11y/announcer';
import { renderWithApp, signedIn } from '../../test/render';
import { StudioPage } from './StudioPage';

const STYLES = [
  { code: 'minimal', title: 'Минимализм', description: 'Чистые линии' },
  { code: 'wedding', title: 'Свадебный', description: 'Многоярусный, белый' },
];

function setup({ drafts = false } = {}): FetchMock {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/ready', json(200, { status: 'ok', database: {}, storage: {}, ml_engine: { mode: 'real', drafts }, workers: {} }));
  fetch.on('GET', '/api/styles', json(200, STYLES));
  fetch.on('POST', '/api/generations/quote', (call) => json(200, { credits: (call.body as { steps: number }).steps === 40 ? 16 : 10 }));
  return fetch;
}

async function openStudio() {
  renderWithApp(<StudioPage />, { route: '/studio' });
  await screen.findByRole('heading', { name: 'Создать дизайн' });
  await screen.findByRole('radio', { name: /Минимализм/ });
}

const promptBox = () => screen.getByLabelText('Опишите торт');
const submit = () => userEvent.click(screen.getByTestId('submit-generation'));

describe('StudioPage', () => {
  it('counts characters and validates the prompt and advanced settings against the API limits', async () => {
    const fetch = setup();
    await openStudio();
    await userEvent.type(promptBox(), 'ab');
    expect(screen.getByTestId('prompt-counter')).toHaveTextContent('2 / 1000');
    await userEvent.clear(screen.getByLabelText('Шаги'));
    await userEvent.type(screen.getByLabelText('Шаги'), '41');
    await userEvent.clear(screen.getByLabelText('Насколько точно следовать описанию'));
    await userEvent.type(screen.getByLabelText('Насколько точно следовать описанию'), '0.5');
    await userEvent.type(screen.getByLabelText('Узор (номер варианта)'), '4294967296');
    await submit();
    expect(screen.getByText('Описание слишком короткое: нужно хотя бы 3 символа.')).toBeInTheDocument();
    expect(screen.getByText('Число шагов: от 10 до 40.')).toBeInTheDocument();
    expect(screen.getByText('Точность следования описанию: от 1 до 12.')).toBeInTheDocument();
    expect(screen.getByText(/Номер узора: от 0 до 4.294.967.295\./)).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(0);
    expect(fetch.callsTo('POST', '/api/generations/quote')).toHaveLength(0); // never quote invalid input

    await userEvent.click(promptBox());
    await userEvent.paste('x'.repeat(1000));
    expect(screen.getByTestId('prompt-counter')).toHaveTextContent('1002 / 1000');
    expect(screen.getByText('Описание слишком длинное: не больше 1000 символов.')).toBeInTheDocument();
  });

  it('counts characters as the server does (an emoji is one) and sends a 995-character text with 35 🍓', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations', problem(503, 'Service Unavailable'));
    await openStudio();
    const strawberries = 'Торт с клубникой 🍓'.repeat(35); // 630 characters, 665 UTF-16 units
    await userEvent.click(promptBox());
    await userEvent.paste('Торт с клубникой 🍓'.repeat(14) + 'Торт с клубникой'); // 268 characters, 282 UTF-16 units
    expect(screen.getByTestId('prompt-counter')).toHaveTextContent('268 / 1000');

    await userEvent.clear(promptBox());
    await userEvent.paste(strawberries + 'а'.repeat(365)); // 995 characters, 1030 UTF-16 units
    expect(screen.getByTestId('prompt-counter')).toHaveTextContent('995 / 1000');
    expect(screen.getByTestId('prompt-counter')).not.toHaveClass('counter--over');
    await userEvent.click(screen.getByRole('radio', { name: /Свадебный/ }));
    await submit();
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(1));
    expect(screen.queryByText(/Описание слишком длинное/)).not.toBeInTheDocument();
    expect((fetch.callsTo('POST', '/api/generations')[0].body as { prompt_ru: string }).prompt_ru).toBe(strawberries + 'а'.repeat(365));
  });

  it('says so in Russian when the price cannot be quoted', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations/quote', problem(503, 'unavailable'));
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с малиной');
    expect(await screen.findByTestId('quote-error')).toHaveTextContent(/Не удалось рассчитать цену\. Сервер временно недоступен/);
    expect(screen.getByTestId('quote-credits')).toHaveTextContent('—');
  });

  it('fills the prompt from an idea and quotes the price for the current settings', async () => {
    const fetch = setup();
    await openStudio();
    await userEvent.click(screen.getByRole('button', { name: 'Свадебный с пионами' }));
    expect(promptBox()).toHaveValue('Двухъярусный свадебный торт с белыми пионами и золотым кружевом');
    // debounced: the quote arrives once typing settles
    await waitFor(() => expect(screen.getByTestId('quote-credits')).toHaveTextContent('10 кредитов'));
    expect(screen.getByTestId('available-credits')).toHaveTextContent('100 кредитов');
    await userEvent.clear(screen.getByLabelText('Шаги'));
    await userEvent.type(screen.getByLabelText('Шаги'), '40');
    await waitFor(() => expect(screen.getByTestId('quote-credits')).toHaveTextContent('16 кредитов'));
    const last = fetch.callsTo('POST', '/api/generations/quote').at(-1)!;
    // the idea brings its matching style along
    expect(last.body).toMatchObject({ style: 'wedding', width: 512, height: 512, steps: 40, guidance: 7 });
  });

  it('submits with a fresh Idempotency-Key per attempt and the chosen parameters', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations', problem(503, 'Service Unavailable'));
    await openStudio();
    await userEvent.type(promptBox(), '  Торт с клубникой ');
    await userEvent.click(screen.getByRole('radio', { name: /Свадебный/ }));
    await userEvent.click(screen.getByRole('radio', { name: /Портрет/ }));
    await userEvent.type(screen.getByLabelText('Узор (номер варианта)'), '42');
    await submit();
    expect(await screen.findByTestId('submit-error')).toHaveTextContent('Сервер временно недоступен');
    await submit();
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(2));
    const [first, second] = fetch.callsTo('POST', '/api/generations');
    expect(first.body).toEqual({ prompt_ru: 'Торт с клубникой', style: 'wedding', width: 512, quality: 'standard', height: 768, steps: 25, guidance: 7, seed: 42 });
    expect(first.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers['idempotency-key']).not.toBe(second.headers['idempotency-key']);
    expect(first.headers.authorization).toBe('Bearer access-1');
  });

  it('explains insufficient credits (402) with a link to top up', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations', problem(402, 'Недостаточно кредитов: нужно 36, доступно 30'));
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await submit();
    const alert = await screen.findByTestId('insufficient-credits');
    expect(alert).toHaveTextContent('Недостаточно кредитов: нужно 36, доступно 30');
    await userEvent.click(within(alert).getByRole('link', { name: 'Пополните баланс' }));
    expect(await screen.findByText('balance page')).toBeInTheDocument();
  });

  it('shows server field errors next to the fields', async () => {
    const fetch = setup();
    fetch.on(
      'POST',
      '/api/generations',
      problem(422, 'Некорректные данные запроса', [{ field: 'prompt_ru', message: 'описание не должно состоять из одних цифр' }]),
    );
    await openStudio();
    await userEvent.type(promptBox(), '12345');
    await submit();
    expect(await screen.findByText('описание не должно состоять из одних цифр')).toBeInTheDocument();
    expect(promptBox()).toHaveAttribute('aria-invalid', 'true');
  });

  it('follows the stream to the result, then offers a new variant and a repeat with the same seed', async () => {
    const fetch = setup();
    let created = 0;
    fetch.on('POST', '/api/generations', () => json(202, { generation: generation({ id: `g-${++created}`, seed: 42 }) }));
    fetch.on('GET', /^\/api\/generations\/g-\d\/events$/, () =>
      sseResponse([
        'data: {"status":"processing","progress":0.5,"queue_position":0}\n\n',
        'data: {"status":"success","progress":1,"queue_position":0,"public_url":"http://s3.local/b/x.png"}\n\n',
      ]),
    );
    fetch.on('GET', /^\/api\/generations\/g-\d$/, (call) =>
      json(200, { generation: generation({ id: call.path.split('/').pop(), status: 'success', progress: 1, public_url: 'http://s3.local/b/x.png', credits_spent: 10 }) }),
    );
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await submit();
    const image = await screen.findByTestId('result-image');
    expect(image).toHaveAttribute('src', 'http://s3.local/b/x.png');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByRole('link', { name: 'Скачать' })).toHaveAttribute('href', 'http://s3.local/b/x.png');

    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(2));
    await screen.findByTestId('result-image');
    await userEvent.click(screen.getByRole('button', { name: 'Ещё вариант' }));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(3));
    const [original, repeat, variant] = fetch.callsTo('POST', '/api/generations').map((c) => c.body as Record<string, unknown>);
    expect(repeat).toEqual({ ...original, seed: 42 });
    expect(variant).toMatchObject({ prompt_ru: original.prompt_ru, style: original.style, steps: original.steps });
    expect(typeof variant.seed).toBe('number');
  });

  it('moves the focus to the result of a submit and announces the finished design politely', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations', json(202, { generation: generation({ id: 'g-1' }) }));
    fetch.on('GET', '/api/generations/g-1/events', () =>
      sseResponse(['data: {"status":"success","progress":1,"queue_position":0,"public_url":"http://s3.local/b/x.png"}\n\n']),
    );
    fetch.on('GET', '/api/generations/g-1', json(200, { generation: generation({ id: 'g-1', status: 'success', progress: 1, public_url: 'http://s3.local/b/x.png' }) }));
    renderWithApp(
      <AnnouncerProvider>
        <StudioPage />
      </AnnouncerProvider>,
      { route: '/studio' },
    );
    await screen.findByRole('radio', { name: /Минимализм/ });
    await userEvent.type(promptBox(), 'Торт с клубникой');
    screen.getByTestId('submit-generation').focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('result')).toHaveFocus());
    await screen.findByTestId('result-image');
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('Дизайн готов.'));
    expect(screen.getByTestId('announcer')).toHaveAttribute('aria-live', 'polite');
  });

  it('resumes the generation named in the URL (?g=) after a reload', async () => {
    const fetch = setup();
    fetch.on(
      'GET',
      '/api/generations/g-9',
      json(200, {
        generation: generation({ id: 'g-9', prompt_ru: 'Шоколадный торт', style: 'wedding', status: 'success', progress: 1, seed: 7, public_url: 'http://s3/g9.png' }),
      }),
    );
    renderWithApp(<StudioPage />, { route: '/studio?g=g-9' });
    expect(await screen.findByTestId('result-image')).toHaveAttribute('src', 'http://s3/g9.png');
    expect(promptBox()).toHaveValue('Шоколадный торт');
    expect(screen.getByRole('radio', { name: /Свадебный/ })).toBeChecked();
    expect(screen.getByLabelText('Узор (номер варианта)')).toHaveValue('7');
    expect(fetch.callsTo('GET', '/api/generations/g-9/events')).toHaveLength(0); // finished: nothing to stream
    expect(screen.getByTestId('result')).not.toHaveFocus(); // only a fresh submit takes the focus
  });

  it('hides «Черновик» when the server has no LCM-LoRA', async () => {
    setup({ drafts: false });
    await openStudio();
    await waitFor(() => expect(screen.queryByRole('radio', { name: /Полное качество/ })).not.toBeInTheDocument());
    expect(screen.queryByRole('radio', { name: /Черновик/ })).not.toBeInTheDocument();
  });

  it('sends a draft with draft ranges, then redoes a finished draft in full quality with the same seed', async () => {
    const fetch = setup({ drafts: true });
    let created = 0;
    fetch.on('POST', '/api/generations', (call) => {
      const body = call.body as { quality: 'draft' | 'standard'; steps: number; guidance: number };
      return json(202, { generation: generation({ id: `g-${++created}`, seed: 77, quality: body.quality, steps: body.steps, guidance: body.guidance }) });
    });
    fetch.on('GET', /^\/api\/generations\/g-\d\/events$/, () =>
      sseResponse(['data: {"status":"success","progress":1,"queue_position":0,"public_url":"http://s3.local/b/d.png"}\n\n']),
    );
    fetch.on('GET', /^\/api\/generations\/g-\d$/, (call) => {
      const id = call.path.split('/').pop() as string;
      const draft = id === 'g-1';
      return json(200, {
        generation: generation({ id, seed: 77, status: 'success', progress: 1, public_url: 'http://s3.local/b/d.png', quality: draft ? 'draft' : 'standard', steps: draft ? 4 : 25 }),
      });
    });
    await openStudio();
    await userEvent.click(await screen.findByRole('radio', { name: /Черновик \(быстро\)/ }));
    expect(screen.getByLabelText('Шаги')).toHaveValue(4);
    await userEvent.clear(screen.getByLabelText('Шаги'));
    await userEvent.type(screen.getByLabelText('Шаги'), '9');
    await submit();
    expect(screen.getByText('Число шагов: от 4 до 8.')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Шаги'));
    await userEvent.type(screen.getByLabelText('Шаги'), '6');
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await submit();
    await screen.findByTestId('result-image');

    await userEvent.click(await screen.findByRole('button', { name: 'Сделать в полном качестве' }));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(2));
    const [draft, full] = fetch.callsTo('POST', '/api/generations').map((c) => c.body as Record<string, unknown>);
    expect(draft).toMatchObject({ quality: 'draft', steps: 6, guidance: 1 });
    expect(full).toEqual({ ...draft, quality: 'standard', steps: 25, guidance: 7, seed: 77 });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Сделать в полном качестве' })).not.toBeInTheDocument());
  });
});
