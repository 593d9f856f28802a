import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Generation } from '../../api/models';
import { keys } from '../../api/queryKeys';
import { generation } from '../../test/factories';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { signedIn, testQueryClient } from '../../test/render';
import { findCached } from './hooks';
import { renderGallery } from '../../test/galleryRoutes';

const STYLES = [{ code: 'wedding', title: 'Свадебный', description: '' }];

const done = (id: string, extra: Partial<Generation> = {}) =>
  generation({ id, status: 'success', progress: 1, public_url: `http://s3/${id}.png`, credits_spent: 10, prompt_en: `cake ${id}`, favorite: false, ...extra });

function setup(items: Generation[] = [done('a'), done('b')]) {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/styles', json(200, STYLES));
  fetch.on('GET', '/api/generations', (call) => {
    const favorite = new URL(call.url, 'http://x').searchParams.get('favorite') === 'true';
    const list = favorite ? items.filter((g) => g.favorite) : items;
    return json(200, { items: list, total: list.length });
  });
  fetch.on('GET', /^\/api\/generations\/[^/]+$/, (call) => {
    const found = items.find((g) => call.path.endsWith(`/${g.id}`));
    return found ? json(200, { generation: found }) : problem(404, 'Генерация не найдена');
  });
  return fetch;
}

const location = () => screen.getByTestId('location').textContent;

describe('the design route /designs/:id', () => {
  it('opens from a card at its own address (keeping the filters), and the browser Back closes it', async () => {
    setup();
    const { router } = renderGallery('/gallery?style=wedding');
    await userEvent.click((await screen.findAllByTestId('design-card'))[1]);
    expect(location()).toBe('/designs/b?style=wedding');
    expect(await screen.findByTestId('design-viewer')).toHaveTextContent('cake b');
    await act(() => router.navigate(-1));
    expect(location()).toBe('/gallery?style=wedding');
    expect(screen.queryByTestId('design-viewer')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('design-card')).toHaveLength(2);
  });

  it('closing the view (×) goes back to the gallery the card was opened from', async () => {
    setup();
    renderGallery('/gallery');
    await userEvent.click((await screen.findAllByTestId('design-card'))[0]);
    await userEvent.click(within(await screen.findByTestId('design-viewer')).getByRole('button', { name: 'Закрыть' }));
    expect(location()).toBe('/gallery');
  });

  it('loads directly from its address; closing then leads to the gallery', async () => {
    const fetch = setup();
    renderGallery('/designs/b');
    const viewer = await screen.findByTestId('design-viewer');
    await waitFor(() => expect(viewer).toHaveTextContent('cake b'));
    expect(fetch.callsTo('GET', '/api/generations/b')).toHaveLength(1);
    await userEvent.keyboard('{Escape}');
    expect(location()).toBe('/gallery');
  });

  it('finds a cached card while other queries under the generations key hold plain lists (the «В работе» strip)', () => {
    const client = testQueryClient();
    client.setQueryData(keys.activeGenerations, [done('running', { status: 'processing' })]);
    client.setQueryData(keys.generations({ status: 'success' }), { items: [done('a')], total: 1 });
    expect(findCached(client, 'a')?.id).toBe('a');
    expect(findCached(client, 'zzz')).toBeUndefined();
  });

  it('says so when the design does not exist', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/generations/zzz', problem(404, 'Генерация не найдена'));
    renderGallery('/designs/zzz');
    expect(await screen.findByText('Такого дизайна нет: возможно, он удалён.')).toBeInTheDocument();
  });

  it('keeps the actions (download first) in the dialog footer, apart from a long description', async () => {
    setup([done('a', { prompt_en: 'a very long english description '.repeat(40) })]);
    renderGallery('/designs/a');
    const viewer = await screen.findByTestId('design-viewer');
    const download = await within(viewer).findByRole('link', { name: 'Скачать изображение' });
    expect(download.closest('.modal__footer')).not.toBeNull();
    expect(download).toHaveAttribute('href', 'http://s3/a.png');
  });

  it('shows the whole description; a long one starts folded and unfolds in place', async () => {
    const long = 'Трёхъярусный свадебный торт с живыми пионами, золотыми каплями и кружевом из айсинга. '.repeat(8).trim();
    setup([done('a', { prompt_ru: long, prompt_en: 'short cake' }), done('b', { prompt_ru: 'Бенто-торт с клубникой' })]);
    renderGallery('/designs/a');
    const viewer = await screen.findByTestId('design-viewer');
    const text = await within(viewer).findByTestId('long-text');
    expect(text.textContent).toBe(long); // all of it is there, never cut off in a scroll box
    expect(text).toHaveClass('long-text--folded');
    const toggle = within(viewer).getByRole('button', { name: 'Показать полностью' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(text).not.toHaveClass('long-text--folded');
    expect(within(viewer).getByRole('button', { name: 'Свернуть' })).toHaveAttribute('aria-expanded', 'true');
    expect(within(viewer).getAllByTestId('long-text')).toHaveLength(1); // the short English one is plain
  });

  it('opens a full-screen view that zooms with buttons', async () => {
    setup();
    renderGallery('/designs/a');
    await userEvent.click(await screen.findByRole('button', { name: 'Открыть на весь экран' }));
    const zoom = screen.getByTestId('zoom-dialog');
    expect(within(zoom).getByTestId('zoom-level')).toHaveTextContent('100%');
    await userEvent.click(within(zoom).getByRole('button', { name: 'Увеличить' }));
    expect(within(zoom).getByTestId('zoom-level')).toHaveTextContent('150%');
    await userEvent.click(within(zoom).getByRole('button', { name: 'Целиком' }));
    expect(within(zoom).getByTestId('zoom-level')).toHaveTextContent('100%');
    // Escape closes the full-screen view only; the design view stays.
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('zoom-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('design-viewer')).toBeInTheDocument();
  });

  it('the browser’s Back closes one layer at a time: the full-screen picture, then the design view', async () => {
    setup();
    const { router } = renderGallery('/gallery');
    await userEvent.click((await screen.findAllByTestId('design-card'))[0]);
    await userEvent.click(await screen.findByRole('button', { name: 'Открыть на весь экран' }));
    expect(screen.getByTestId('zoom-dialog')).toBeInTheDocument();
    expect(location()).toBe('/designs/a'); // the layer is a history entry at the same address

    await act(() => router.navigate(-1));
    expect(screen.queryByTestId('zoom-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('design-viewer')).toBeInTheDocument();
    await act(() => router.navigate(-1));
    expect(screen.queryByTestId('design-viewer')).not.toBeInTheDocument();
    expect(location()).toBe('/gallery');
  });

  it('«Отправить клиенту» is a layer too: Back closes it and the view stays; its × is a step back', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/shares', json(200, { items: [], total: 0 }));
    const { router } = renderGallery('/gallery');
    await userEvent.click((await screen.findAllByTestId('design-card'))[0]);
    await userEvent.click(await within(await screen.findByTestId('design-viewer')).findByRole('button', { name: 'Отправить клиенту' }));
    expect(screen.getByTestId('share-dialog')).toBeInTheDocument();
    await act(() => router.navigate(-1));
    expect(screen.queryByTestId('share-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('design-viewer')).toBeInTheDocument();

    await userEvent.click(within(screen.getByTestId('design-viewer')).getByRole('button', { name: 'Отправить клиенту' }));
    await userEvent.click(within(screen.getByTestId('share-dialog')).getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByTestId('share-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('design-viewer')).toBeInTheDocument();
    await act(() => router.navigate(-1)); // the × went back: one more Back leaves the view
    expect(location()).toBe('/gallery');
  });
});

describe('favourites', () => {
  it('the ★ toggle flips at once and sends PUT, then DELETE', async () => {
    const items = [done('a'), done('b')];
    const fetch = setup(items);
    let release: () => void = () => {};
    fetch.on('PUT', '/api/generations/a/favorite', () => new Promise<Response>((resolve) => {
      release = () => {
        items[0] = { ...items[0], favorite: true };
        resolve(new Response(null, { status: 204 }));
      };
    }));
    fetch.on('DELETE', '/api/generations/a/favorite', () => {
      items[0] = { ...items[0], favorite: false };
      return new Response(null, { status: 204 });
    });
    renderGallery('/designs/a');
    const star = await within(await screen.findByTestId('design-viewer')).findByRole('button', { name: /Избранное/ });
    expect(star).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(star);
    // optimistic: pressed before the server answered
    expect(star).toHaveAttribute('aria-pressed', 'true');
    expect(fetch.callsTo('PUT', '/api/generations/a/favorite')).toHaveLength(1);
    release();
    await waitFor(() => expect(screen.getAllByTestId('design-card').length).toBe(2));
    await waitFor(() => expect(within(screen.getAllByTestId('design-card')[0]).getByText('В избранном')).toBeInTheDocument());
    await userEvent.click(star);
    expect(star).toHaveAttribute('aria-pressed', 'false');
    await waitFor(() => expect(fetch.callsTo('DELETE', '/api/generations/a/favorite')).toHaveLength(1));
  });

  it('rolls the ★ back when the server refuses', async () => {
    const fetch = setup();
    fetch.on('PUT', '/api/generations/a/favorite', problem(404, 'Генерация не найдена'));
    renderGallery('/designs/a');
    const star = await within(await screen.findByTestId('design-viewer')).findByRole('button', { name: /Избранное/ });
    await userEvent.click(star);
    await waitFor(() => expect(star).toHaveAttribute('aria-pressed', 'false'));
    expect(screen.getByText('Не удалось изменить избранное. Попробуйте ещё раз.')).toBeInTheDocument();
  });

  it('the «Избранное» filter asks the API for favourites only and says so when there are none', async () => {
    const fetch = setup([done('a', { favorite: true }), done('b')]);
    renderGallery('/gallery');
    await screen.findAllByTestId('design-card');
    const filter = screen.getByTestId('favorites-filter');
    await userEvent.click(filter);
    expect(filter).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(screen.getAllByTestId('design-card')).toHaveLength(1));
    const last = fetch.callsTo('GET', '/api/generations').at(-1)!;
    expect(new URL(last.url, 'http://x').searchParams.get('favorite')).toBe('true');
    expect(location()).toBe('/gallery?favorite=true');
  });

  it('an empty favourites list explains the star and offers all designs', async () => {
    setup([done('a')]);
    renderGallery('/gallery?favorite=true');
    const empty = await screen.findByTestId('gallery-empty');
    expect(empty).toHaveTextContent('В избранном пока пусто');
    await userEvent.click(within(empty).getByRole('button', { name: 'Все дизайны' }));
    expect(location()).toBe('/gallery');
  });
});

describe('delete', () => {
  it('asks first, saying what goes and what stays; «Отмена» keeps the design', async () => {
    const fetch = setup();
    renderGallery('/gallery', '/designs/a');
    await userEvent.click(await within(await screen.findByTestId('design-viewer')).findByRole('button', { name: 'Удалить дизайн' }));
    const dialog = screen.getByTestId('delete-dialog');
    expect(dialog).toHaveTextContent('Изображение исчезнет, а ссылки, отправленные клиентам, перестанут открываться.');
    expect(dialog).toHaveTextContent('Запись о заказе останется в истории');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Отмена' }));
    expect(screen.queryByTestId('delete-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('design-viewer')).toBeInTheDocument();
    expect(fetch.callsTo('DELETE', '/api/generations/a')).toHaveLength(0);
  });

  it('deletes on confirmation, closes the view and refreshes the gallery', async () => {
    const items = [done('a'), done('b')];
    const fetch = setup(items);
    fetch.on('DELETE', '/api/generations/a', () => {
      items.splice(0, 1);
      return new Response(null, { status: 204 });
    });
    renderGallery('/gallery', '/designs/a');
    await userEvent.click(await within(await screen.findByTestId('design-viewer')).findByRole('button', { name: 'Удалить дизайн' }));
    await userEvent.click(within(screen.getByTestId('delete-dialog')).getByRole('button', { name: 'Удалить' }));
    await waitFor(() => expect(location()).toBe('/gallery'));
    expect(fetch.callsTo('DELETE', '/api/generations/a')).toHaveLength(1);
    expect(screen.queryByTestId('design-viewer')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('design-card')).toHaveLength(1));
  });

  it('shows the refusal (a design still being drawn) and stays', async () => {
    const fetch = setup();
    fetch.on('DELETE', '/api/generations/a', problem(409, 'Дизайн ещё рисуется: удалить можно после завершения'));
    renderGallery('/designs/a');
    await userEvent.click(await within(await screen.findByTestId('design-viewer')).findByRole('button', { name: 'Удалить дизайн' }));
    await userEvent.click(within(screen.getByTestId('delete-dialog')).getByRole('button', { name: 'Удалить' }));
    expect(await screen.findByText('Дизайн ещё рисуется: удалить можно после завершения')).toBeInTheDocument();
    expect(location()).toBe('/designs/a');
  });
});

describe('client answers on the gallery', () => {
  it('a card shows the last decision; the design view shows the thread', async () => {
    const fetch = setup([done('a', { feedback: { count: 1, last_decision: 'approved' } }), done('b')]);
    fetch.on('GET', '/api/generations/a/feedback', json(200, {
      items: [{ id: 'f1', generation_id: 'a', decision: 'approved', comment: 'Берём!', name: 'Анна', created_at: '2025-01-02T10:00:00Z' }],
    }));
    renderGallery('/gallery');
    const cards = await screen.findAllByTestId('design-card');
    expect(within(cards[0]).getByTestId('decision-badge')).toHaveTextContent('Согласовано');
    expect(within(cards[1]).queryByTestId('decision-badge')).toBeNull();
    await userEvent.click(cards[0]);
    const thread = await screen.findByTestId('feedback-thread');
    expect(thread).toHaveTextContent('Анна');
    expect(thread).toHaveTextContent('Берём!');
  });

  it('a card and its view show the time of the request, as the history does', async () => {
    setup([done('a', { created_at: '2025-01-01T17:49:40Z', finished_at: '2025-01-01T17:50:10Z' })]);
    renderGallery('/gallery');
    const card = (await screen.findAllByTestId('design-card'))[0];
    const shown = card.querySelector('.design-card__date')?.textContent ?? '';
    expect(shown).toBe(new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date('2025-01-01T17:49:40Z')));
    await userEvent.click(card);
    expect(await screen.findByTestId('design-viewer')).toHaveTextContent(shown);
  });
});
