// The studio as a design loop (issue 12): variants side by side, starting from a photo or a design,
// reuse of a design's settings, and the studio defects of the walkthrough.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockFetch, problem, sseResponse, type FetchMock } from '../../test/fetchMock';
import { generation } from '../../test/factories';
import { renderWithApp, signedIn, testUser } from '../../test/render';
import { ActiveGenerationsProvider } from '../../shared/generation/activeGenerations';
import { NO_DRAG_QUERY } from './PictureField';
import { StudioPage } from './StudioPage';

const STYLES = [
  { code: 'minimal', title: 'Минимализм', description: 'Чистые линии' },
  { code: 'wedding', title: 'Свадебный', description: 'Многоярусный, белый' },
  { code: 'kids', title: 'Детский', description: 'Яркие цвета' },
];

/** Quotes like the server: price per variant from the steps, times the variants. */
function setup({ available = 100 } = {}): FetchMock {
  const fetch = mockFetch();
  signedIn(fetch, { ...testUser, available_credits: available, balance_credits: available, reserved_credits: 0 });
  fetch.on('GET', '/api/ready', json(200, { status: 'ok', database: {}, storage: {}, ml_engine: { mode: 'real', drafts: false }, workers: {} }));
  fetch.on('GET', '/api/styles', json(200, STYLES));
  fetch.on('POST', '/api/generations/quote', (call) => {
    const body = call.body as { steps: number; variants?: number };
    const perVariant = body.steps === 40 ? 16 : 10;
    const variants = body.variants ?? 1;
    return json(200, { credits: perVariant * variants, per_variant: perVariant, variants });
  });
  return fetch;
}

async function openStudio(route = '/studio') {
  renderWithApp(<StudioPage />, { route });
  await screen.findByRole('heading', { name: 'Создать дизайн' });
  await screen.findByRole('radio', { name: /Минимализм/ });
}

const promptBox = () => screen.getByLabelText('Опишите торт');
const photoInput = () => screen.getByTestId('photo-input') as HTMLInputElement;
const png = (name = 'tort.png', bytes = 2048, type = 'image/png') => new File([new Uint8Array(bytes)], name, { type });

afterEach(() => {
  vi.unstubAllGlobals();
  // jsdom has no scrollIntoView: the test that needs it puts its own spy there
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});

describe('studio: variants side by side', () => {
  it('quotes price × variants, sends them, shows each variant as it finishes and continues from the chosen one', async () => {
    const fetch = setup();
    const group = Array.from({ length: 4 }, (_, i) => generation({ id: `v-${i}`, seed: 100 + i, group_id: 'grp', variant_index: i }));
    fetch.on('POST', '/api/generations', json(202, { generation: group[0], generations: group }));
    fetch.on('GET', /^\/api\/generations\/v-\d\/events$/, (call) => {
      const index = Number(call.path.split('/')[3].slice(2));
      // variant 3 (index 2) is still drawing; the others finish
      return index === 2
        ? sseResponse(['data: {"status":"processing","progress":0.5,"queue_position":0}\n\n'], { keepOpen: true })
        : sseResponse([`data: {"status":"success","progress":1,"queue_position":0,"public_url":"http://s3/v-${index}.png"}\n\n`]);
    });
    fetch.on('GET', /^\/api\/generations\/v-\d$/, (call) => {
      const id = call.path.split('/').pop() as string;
      const index = Number(id.slice(2));
      return json(200, { generation: { ...group[index], status: 'success', progress: 1, public_url: `http://s3/${id}.png`, credits_spent: 10 } });
    });
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await userEvent.click(screen.getByRole('radio', { name: '4' }));
    await waitFor(() => expect(screen.getByTestId('quote-credits')).toHaveTextContent('40 кредитов'));
    expect(screen.getByTestId('quote-breakdown')).toHaveTextContent('4 варианта × 10 = 40 кредитов');
    expect(fetch.callsTo('POST', '/api/generations/quote').at(-1)!.body).toMatchObject({ variants: 4 });
    expect(screen.getByTestId('submit-generation')).toHaveTextContent('Создать 4 варианта');

    await userEvent.click(screen.getByTestId('submit-generation'));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(1));
    expect(fetch.callsTo('POST', '/api/generations')[0].body).toMatchObject({ prompt_ru: 'Торт с клубникой', variants: 4 });
    const grid = await screen.findByTestId('variants');
    expect(within(grid).getAllByTestId('variant')).toHaveLength(4);
    await waitFor(() => expect(within(grid).getAllByTestId('variant-image')).toHaveLength(3));
    expect(within(grid).getAllByTestId('variant')[2]).toHaveAttribute('data-status', 'processing');
    expect(within(grid).getByRole('img', { name: /Вариант 4/ })).toHaveAttribute('src', 'http://s3/v-3.png');

    // «Доработать» on a variant: it becomes the picture, shown and focused at its strength slider
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    await userEvent.click(screen.getByRole('button', { name: 'Доработать вариант 4' }));
    expect(screen.getByTestId('picture-thumb')).toHaveAttribute('src', 'http://s3/v-3.png');
    expect(screen.getByRole('slider', { name: 'Насколько можно менять' })).toHaveFocus();
    expect(scroll.mock.contexts.at(-1)).toBe(screen.getByTestId('picture-field'));

    await userEvent.click(screen.getByRole('button', { name: 'Выбрать вариант 2' }));
    expect(await screen.findByTestId('result-image')).toHaveAttribute('src', 'http://s3/v-1.png');
    expect(screen.queryByTestId('variants')).not.toBeInTheDocument();
    // «Повторить» repeats the chosen variant: its own seed, one picture
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(2));
    const repeat = fetch.callsTo('POST', '/api/generations')[1].body as Record<string, unknown>;
    expect(repeat.seed).toBe(101);
    expect(repeat.variants).toBeUndefined();
    expect(repeat.init_image).toBeUndefined(); // a repeat redraws the chosen variant's own request
  });
});

describe('studio: variants after a reload', () => {
  it('resumes every variant named in the URL (?g=…&g=…) side by side', async () => {
    const fetch = setup();
    for (const [i, status] of (['success', 'processing'] as const).entries()) {
      const g = generation({ id: `v-${i}`, seed: 5 + i, group_id: 'grp', variant_index: i, status, progress: status === 'success' ? 1 : 0.4, public_url: status === 'success' ? `http://s3/v-${i}.png` : null });
      fetch.on('GET', `/api/generations/v-${i}`, json(200, { generation: g }));
    }
    fetch.on('GET', '/api/generations/v-1/events', () => sseResponse(['data: {"status":"processing","progress":0.6,"queue_position":0}\n\n'], { keepOpen: true }));
    await openStudio('/studio?g=v-0&g=v-1');
    const grid = await screen.findByTestId('variants');
    const cards = within(grid).getAllByTestId('variant');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByTestId('variant-image')).toHaveAttribute('src', 'http://s3/v-0.png');
    expect(cards[1]).toHaveAttribute('data-status', 'processing');
    expect(screen.getByRole('radio', { name: '2' })).toBeChecked();
    expect(fetch.callsTo('GET', '/api/generations/v-0/events')).toHaveLength(0); // finished: nothing to stream
  });
});

describe('studio: back through the menu while a submit runs', () => {
  it('follows the newest submit again, all its variants in variant order', async () => {
    const fetch = setup();
    // Newest first, as the server lists them; the variants arrive out of order.
    const variants = [1, 0].map((i) => generation({ id: `v-${i}`, group_id: 'grp', variant_index: i, status: 'processing', progress: 0.4, created_at: '2025-01-01T10:00:00Z' }));
    const older = generation({ id: 'solo', status: 'processing', progress: 0.2, created_at: '2025-01-01T09:00:00Z' });
    fetch.on('GET', '/api/generations', (call) => {
      const items = new URL(call.url, 'http://localhost').searchParams.get('status') === 'processing' ? [...variants, older] : [];
      return json(200, { items, total: items.length });
    });
    for (const g of [...variants, older]) {
      fetch.on('GET', `/api/generations/${g.id}`, json(200, { generation: g }));
      fetch.on('GET', `/api/generations/${g.id}/events`, () => sseResponse([], { keepOpen: true }));
    }
    renderWithApp(
      <ActiveGenerationsProvider>
        <StudioPage />
      </ActiveGenerationsProvider>,
      { route: '/studio' },
    );
    const grid = await screen.findByTestId('variants');
    expect(within(grid).getAllByTestId('variant')).toHaveLength(2);
    const read = fetch.calls.map((c) => new URL(c.url, 'http://localhost').pathname).filter((path) => /^\/api\/generations\/[^/]+$/.test(path));
    expect(read.slice(0, 2)).toEqual(['/api/generations/v-0', '/api/generations/v-1']);
    expect(read).not.toContain('/api/generations/solo');
  });
});

describe('studio: start from a picture', () => {
  it('checks the file before sending it and shows the server’s refusal', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/uploads', problem(413, 'Файл больше 10 МБ'));
    await openStudio();
    await userEvent.upload(photoInput(), png('tort.gif', 100, 'image/gif'), { applyAccept: false });
    expect(screen.getByTestId('picture-error')).toHaveTextContent('Подойдёт фото в формате JPEG, PNG или WebP.');
    await userEvent.upload(photoInput(), png('big.png', 10 * 1024 * 1024 + 1));
    expect(screen.getByTestId('picture-error')).toHaveTextContent('Фото больше 10 МБ: выберите файл поменьше.');
    expect(fetch.callsTo('POST', '/api/uploads')).toHaveLength(0);

    await userEvent.upload(photoInput(), png());
    expect(await screen.findByTestId('picture-error')).toHaveTextContent('Файл больше 10 МБ');
    expect(fetch.callsTo('POST', '/api/uploads')).toHaveLength(1);
  });

  it('takes a photo dropped onto the zone', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/uploads', json(201, { upload: { id: 'up-2', purpose: 'reference', width: 800, height: 600, url: 'http://s3/signed/up-2.png' } }));
    await openStudio();
    const zone = screen.getByTestId('dropzone');
    fireEvent.dragOver(zone, { dataTransfer: { files: [] } });
    expect(zone).toHaveClass('dropzone--over');
    fireEvent.drop(zone, { dataTransfer: { files: [png('photo.webp', 4096, 'image/webp')] } });
    expect(await screen.findByTestId('picture-thumb')).toHaveAttribute('src', 'http://s3/signed/up-2.png');
    expect(((fetch.callsTo('POST', '/api/uploads')[0].body as FormData).get('file') as File).name).toBe('photo.webp');
  });

  it('uploads the photo as multipart, shows it, lets the strength be set and generates from it', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/uploads', json(201, { upload: { id: 'up-1', purpose: 'reference', width: 640, height: 480, url: 'http://s3/signed/up-1.png' } }));
    fetch.on('POST', '/api/generations', json(202, { generation: generation({ id: 'g-1', init_image: { upload_id: 'up-1' }, strength: 0.8 }) }));
    fetch.on('GET', '/api/generations/g-1/events', () => sseResponse(['data: {"status":"processing","progress":0.1,"queue_position":0}\n\n'], { keepOpen: true }));
    await openStudio();
    await userEvent.upload(photoInput(), png());
    expect(await screen.findByTestId('picture-thumb')).toHaveAttribute('src', 'http://s3/signed/up-1.png');
    const sent = fetch.callsTo('POST', '/api/uploads')[0];
    expect(sent.body).toBeInstanceOf(FormData);
    const form = sent.body as FormData;
    expect((form.get('file') as File).name).toBe('tort.png');
    expect(form.get('purpose')).toBe('reference');
    expect(sent.headers['content-type']).toBeUndefined(); // the browser writes the multipart boundary

    const slider = screen.getByRole('slider', { name: 'Насколько можно менять' });
    expect(screen.getByText('почти как на фото')).toBeInTheDocument();
    expect(screen.getByText('только идея')).toBeInTheDocument();
    expect(slider).toHaveValue('0.6');
    fireEvent.change(slider, { target: { value: '0.8' } });
    expect(slider).toHaveValue('0.8');
    expect(slider).toHaveAttribute('aria-valuetext', '80%: только идея');
    await userEvent.type(promptBox(), 'Торт как на фото, но с малиной');
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations/quote').at(-1)?.body).toMatchObject({ init_image: { upload_id: 'up-1' }, strength: 0.8 }));
    await userEvent.click(screen.getByTestId('submit-generation'));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(1));
    expect(fetch.callsTo('POST', '/api/generations')[0].body).toMatchObject({ init_image: { upload_id: 'up-1' }, strength: 0.8 });

    await userEvent.click(screen.getByRole('button', { name: 'Убрать фото' }));
    expect(screen.queryByTestId('picture-thumb')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Выбрать фото' })).toBeInTheDocument();
  });
});

describe('studio: reuse a design', () => {
  const source = generation({
    id: 'g-5',
    prompt_ru: 'Шоколадный торт с вишней',
    negative_prompt_ru: 'надписи',
    style: 'kids',
    width: 512,
    height: 768,
    steps: 30,
    guidance: 8.5,
    seed: 777,
    status: 'success',
    progress: 1,
    public_url: 'http://s3/g-5.png',
  });

  it('«Открыть в студии» fills the form with the design’s settings, its pattern only when asked', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/generations/g-5', json(200, { generation: source }));
    await openStudio('/studio?from=g-5');
    await waitFor(() => expect(promptBox()).toHaveValue('Шоколадный торт с вишней'));
    expect(screen.getByTestId('source-note')).toHaveTextContent('Настройки взяты из вашего дизайна');
    expect(screen.getByRole('radio', { name: /Детский/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: /Портрет/ })).toBeChecked();
    expect(screen.getByLabelText('Шаги')).toHaveValue(30);
    expect(screen.getByLabelText('Насколько точно следовать описанию')).toHaveValue(8.5);
    expect(screen.getByLabelText('Чего избегать (необязательно)')).toHaveValue('надписи');
    const seed = screen.getByLabelText('Узор (номер варианта)');
    expect(seed).toHaveValue('');
    await userEvent.click(screen.getByRole('checkbox', { name: /Повторить тот же узор/ }));
    expect(seed).toHaveValue('777');
    expect(screen.queryByTestId('picture-thumb')).not.toBeInTheDocument(); // plain reuse: no picture
    expect(screen.getByTestId('result-placeholder')).toBeInTheDocument(); // nothing is watched
    expect(fetch.callsTo('GET', '/api/generations/g-5/events')).toHaveLength(0);
  });

  it('says so when the design cannot be opened, and leaves the form empty', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/generations/nope', problem(404, 'Генерация не найдена'));
    await openStudio('/studio?from=nope');
    expect(await screen.findByTestId('source-error')).toHaveTextContent('Не удалось открыть дизайн в студии. Генерация не найдена');
    expect(promptBox()).toHaveValue('');
  });

  it('«Доработать» (?refine=1) starts from the design’s own picture', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/generations/g-5', json(200, { generation: source }));
    fetch.on('POST', '/api/generations', json(202, { generation: generation({ id: 'g-6' }) }));
    fetch.on('GET', '/api/generations/g-6/events', () => sseResponse([], { keepOpen: true }));
    await openStudio('/studio?from=g-5&refine=1');
    expect(await screen.findByTestId('picture-thumb')).toHaveAttribute('src', 'http://s3/g-5.png');
    await userEvent.click(screen.getByTestId('submit-generation'));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(1));
    expect(fetch.callsTo('POST', '/api/generations')[0].body).toMatchObject({ init_image: { generation_id: 'g-5' }, strength: 0.6, steps: 30 });
  });
});

describe('studio defects', () => {
  it('asks before an idea replaces the user’s own text, and sets the idea’s style', async () => {
    setup();
    await openStudio();
    await userEvent.type(promptBox(), 'Мой торт с клубникой');
    await userEvent.click(screen.getByRole('button', { name: 'Замок с единорогом' }));
    const confirm = screen.getByTestId('replace-confirm');
    expect(confirm).toHaveTextContent('Заменить ваш текст примером «Замок с единорогом»?');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Оставить мой текст' }));
    expect(promptBox()).toHaveValue('Мой торт с клубникой');
    expect(screen.getByRole('radio', { name: /Минимализм/ })).toBeChecked();

    await userEvent.click(screen.getByRole('button', { name: 'Замок с единорогом' }));
    await userEvent.click(within(screen.getByTestId('replace-confirm')).getByRole('button', { name: 'Заменить' }));
    expect(promptBox()).toHaveValue('Детский торт-замок с единорогом в пастельных тонах');
    expect(screen.getByRole('radio', { name: /Детский/ })).toBeChecked();
    expect(screen.queryByTestId('replace-confirm')).not.toBeInTheDocument();
  });

  it('says what to fix when steps are out of range instead of waiting for the description', async () => {
    setup();
    await openStudio();
    expect(screen.getByTestId('quote-hint')).toHaveTextContent('Цена появится, когда описание будет готово.');
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await userEvent.clear(screen.getByLabelText('Шаги'));
    await userEvent.type(screen.getByLabelText('Шаги'), '41');
    expect(screen.getByTestId('quote-hint')).toHaveTextContent('Укажите число шагов от 10 до 40.');
    expect(screen.getByTestId('quote-credits')).toHaveTextContent('—');
  });

  it('at 0 credits the main button leads to the top-up', async () => {
    setup({ available: 0 });
    await openStudio();
    const topUp = await screen.findByRole('link', { name: 'Пополнить баланс' });
    expect(screen.queryByTestId('submit-generation')).not.toBeInTheDocument();
    await userEvent.click(topUp);
    expect(await screen.findByText('balance page')).toBeInTheDocument();
  });

  it('says «not enough credits» once when the price is above the balance', async () => {
    setup({ available: 30 });
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await userEvent.click(screen.getByRole('radio', { name: '4' }));
    expect(await screen.findByTestId('quote-short')).toHaveTextContent('Не хватает 10 кредитов.');
    expect(screen.getAllByText(/Не хватает|Недостаточно кредитов/)).toHaveLength(1);
    expect(screen.getByTestId('top-up-first')).toHaveTextContent('Пополнить баланс');
    await userEvent.click(screen.getByRole('radio', { name: '3' }));
    expect(await screen.findByTestId('submit-generation')).toBeInTheDocument();
  });

  it('brings the result into view after a submit (smoothly unless reduced motion is asked for)', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations', json(202, { generation: generation({ id: 'g-1' }) }));
    fetch.on('GET', '/api/generations/g-1/events', () => sseResponse([], { keepOpen: true }));
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query.includes('reduce'), media: query, addEventListener() {}, removeEventListener() {} }));
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await userEvent.click(screen.getByTestId('submit-generation'));
    await waitFor(() => expect(screen.getByTestId('result')).toHaveFocus());
    expect(scroll).toHaveBeenCalledWith({ block: 'start', behavior: 'auto' });
    expect(scroll.mock.contexts.at(-1)).toBe(screen.getByTestId('result'));
  });

  it('keeps the picture’s place in the result from the start, the sketch drawn inside it', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations', json(202, { generation: generation({ id: 'g-1', width: 512, height: 768 }) }));
    fetch.on('GET', '/api/generations/g-1/events', () =>
      sseResponse(['data: {"status":"processing","progress":0.4,"queue_position":0,"preview":"data:image/jpeg;base64,AAAA"}\n\n'], { keepOpen: true }),
    );
    await openStudio();
    await userEvent.type(promptBox(), 'Торт с клубникой');
    await userEvent.click(screen.getByTestId('submit-generation'));
    const frame = await screen.findByTestId('result-frame');
    expect(frame.style.aspectRatio).toBe('512 / 768');
    const sketch = await within(frame).findByRole('img', { name: 'Набросок: торт проявляется' });
    expect(sketch).toHaveAttribute('src', 'data:image/jpeg;base64,AAAA');
    // one sketch on the card: not a second one above the progress line
    expect(screen.getAllByRole('img', { name: 'Набросок: торт проявляется' })).toHaveLength(1);
  });

  it('on touch screens and phones the photo box offers to choose a photo, not to drag one', async () => {
    setup();
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === NO_DRAG_QUERY, media: query, addEventListener() {}, removeEventListener() {} }));
    await openStudio();
    expect(screen.getByTestId('dropzone')).toHaveTextContent(/^Выберите фото торта, который понравился заказчику\./);
    expect(screen.getByTestId('dropzone')).not.toHaveTextContent('Перетащите');
  });

  it('with a mouse the photo box says a photo can be dropped onto it', async () => {
    setup();
    await openStudio();
    expect(screen.getByTestId('dropzone')).toHaveTextContent(/^Перетащите сюда фото/);
  });

  it('draws the quality choices as cards of words only (no empty place for a shape)', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/ready', json(200, { status: 'ok', database: {}, storage: {}, ml_engine: { mode: 'demo', drafts: true }, workers: {} }));
    await openStudio();
    const quality = await screen.findByRole('radiogroup', { name: 'Качество' });
    for (const card of within(quality).getAllByRole('radio').map((r) => r.closest('label'))) {
      expect(card).toHaveClass('size-option', 'size-option--text');
      expect(card?.querySelector('.size-option__shape')).toBeNull();
    }
    const size = screen.getByRole('radiogroup', { name: 'Размер' });
    expect(within(size).getAllByRole('radio')[0].closest('label')).not.toHaveClass('size-option--text');
  });
});
