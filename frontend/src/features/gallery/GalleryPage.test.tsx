import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { GalleryPage, GALLERY_PAGE_SIZE } from './GalleryPage';
import { renderGallery } from '../../test/galleryRoutes';

const STYLES = [
  { code: 'wedding', title: 'Свадебный', description: '' },
  { code: 'bento', title: 'Бенто', description: '' },
];

const done = (id: string, style = 'wedding') =>
  generation({ id, style, status: 'success', progress: 1, public_url: `http://s3/${id}.png`, credits_spent: 10, prompt_en: `cake ${id}` });

function setup(items = [done('a'), done('b', 'bento')], total = items.length) {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/styles', json(200, STYLES));
  fetch.on('GET', '/api/generations', json(200, { items, total }));
  return fetch;
}

const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('GalleryPage', () => {
  it('lists finished designs only and opens a viewer with the full card', async () => {
    const fetch = setup();
    fetch.on('GET', '/api/generations/a', json(200, { generation: done('a') }));
    renderGallery('/gallery');
    const cards = await screen.findAllByTestId('design-card');
    expect(cards).toHaveLength(2);
    expect(query(fetch.callsTo('GET', '/api/generations')[0].url)).toEqual({ status: 'success', limit: String(GALLERY_PAGE_SIZE), offset: '0' });
    await userEvent.click(cards[0]);
    const viewer = screen.getByTestId('design-viewer');
    for (const text of ['Торт с клубникой', 'cake a', 'Свадебный', '42', '512×512', '25', '10 кредитов']) {
      expect(within(viewer).getAllByText(text).length).toBeGreaterThan(0);
    }
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('design-viewer')).not.toBeInTheDocument();
  });

  it('filters by kind, marks upscaled designs and shows where one came from', async () => {
    const upscaled = generation({ ...done('u'), kind: 'upscale', parent_id: 'a', width: 2048, height: 2048 });
    const fetch = setup([upscaled, done('a')]);
    fetch.on('GET', '/api/generations/u', json(200, { generation: upscaled }));
    renderGallery('/gallery');
    expect(await screen.findByTestId('kind-badge')).toHaveTextContent('Увеличен');
    await userEvent.click(screen.getByTestId('kind-filter-upscale'));
    await waitFor(() => expect(query(fetch.callsTo('GET', '/api/generations').at(-1)!.url)).toMatchObject({ kind: 'upscale' }));
    await userEvent.click((await screen.findAllByTestId('design-card'))[0]);
    const parent = await screen.findByTestId('design-parent');
    expect(parent).toHaveTextContent('Увеличенная для печати копия исходного дизайна');
    expect(within(parent).getByRole('link')).toHaveAttribute('href', '/designs/a');
    expect(screen.getByTestId('print-link')).toHaveAttribute('href', '/designs/u/cake?tab=print');
    expect(screen.queryByTestId('redraw-link')).not.toBeInTheDocument(); // 2048 px: past the model's sizes
  });

  it('sends the filters (style, dates, credits) to the API', async () => {
    const fetch = setup();
    renderWithApp(<GalleryPage />, { route: '/gallery' });
    await screen.findAllByTestId('design-card');
    await userEvent.selectOptions(screen.getByLabelText('Стиль'), 'bento');
    await userEvent.type(screen.getByLabelText('Дата с'), '2025-03-01');
    await userEvent.type(screen.getByLabelText('Дата по'), '2025-03-31');
    await userEvent.type(screen.getByLabelText('Кредиты от'), '5');
    await userEvent.type(screen.getByLabelText('Кредиты до'), '20');
    await userEvent.click(screen.getByRole('button', { name: 'Показать' }));
    await waitFor(() => expect(fetch.callsTo('GET', '/api/generations')).toHaveLength(3)); // the style at once, then all
    const sent = query(fetch.callsTo('GET', '/api/generations')[2].url);
    expect(sent).toMatchObject({ status: 'success', style: 'bento', credits_min: '5', credits_max: '20', offset: '0' });
    expect(new Date(sent.date_from).getTime()).toBe(new Date('2025-03-01T00:00:00').getTime());
    expect(new Date(sent.date_to).getTime()).toBe(new Date('2025-03-31T23:59:59').getTime());
  });

  it('refuses an inverted credits range', async () => {
    const fetch = setup();
    renderWithApp(<GalleryPage />, { route: '/gallery' });
    await screen.findAllByTestId('design-card');
    await userEvent.type(screen.getByLabelText('Кредиты от'), '30');
    await userEvent.type(screen.getByLabelText('Кредиты до'), '10');
    await userEvent.click(screen.getByRole('button', { name: 'Показать' }));
    expect(screen.getByText('Не меньше минимума.')).toBeInTheDocument();
    expect(fetch.callsTo('GET', '/api/generations')).toHaveLength(1);
  });

  it('the style box always names the style the results are filtered by, even beside a refused range', async () => {
    const fetch = setup();
    renderGallery('/gallery?style=bento');
    await screen.findAllByTestId('design-card');
    const style = screen.getByLabelText('Стиль');
    expect(style).toHaveValue('bento');
    await userEvent.type(screen.getByLabelText('Кредиты от'), '30');
    await userEvent.type(screen.getByLabelText('Кредиты до'), '10');
    await userEvent.click(screen.getByRole('button', { name: 'Показать' }));
    expect(screen.getByText('Не меньше минимума.')).toBeInTheDocument();
    // «Все стили» applies at once: the results are no longer filtered by «Бенто»
    await userEvent.selectOptions(style, '');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/gallery$/);
    await waitFor(() => expect(query(fetch.callsTo('GET', '/api/generations').at(-1)!.url).style).toBeUndefined());
    expect(style).toHaveValue('');
    // what the user typed stays, with its error, until fixed
    expect(screen.getByLabelText('Кредиты от')).toHaveValue(30);
    expect(screen.getByLabelText('Кредиты до')).toHaveValue(10);
  });

  it('keeps what is being typed when the page changes around the form (the favourites chip)', async () => {
    setup();
    renderGallery('/gallery');
    await screen.findAllByTestId('design-card');
    await userEvent.type(screen.getByLabelText('Кредиты от'), '15');
    await userEvent.click(screen.getByTestId('favorites-filter'));
    expect(screen.getByTestId('location')).toHaveTextContent('/gallery?favorite=true');
    expect(screen.getByLabelText('Кредиты от')).toHaveValue(15);
  });

  it('shows an empty state with a way to the studio', async () => {
    setup([]);
    renderWithApp(<GalleryPage />, { route: '/gallery' });
    const empty = await screen.findByTestId('gallery-empty');
    expect(empty).toHaveTextContent('Здесь пока пусто');
    expect(within(empty).getByRole('link', { name: 'Создать первый дизайн' })).toHaveAttribute('href', '/studio');
  });

  it('paginates', async () => {
    const fetch = setup([done('a')], 30);
    renderWithApp(<GalleryPage />, { route: '/gallery' });
    await screen.findAllByTestId('design-card');
    expect(screen.getByText(/Страница 1 из 3/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Вперёд →' }));
    await waitFor(() => expect(fetch.callsTo('GET', '/api/generations')).toHaveLength(2));
    expect(query(fetch.callsTo('GET', '/api/generations')[1].url).offset).toBe(String(GALLERY_PAGE_SIZE));
  });
});
