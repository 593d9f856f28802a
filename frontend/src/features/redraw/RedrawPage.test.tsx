import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch, problem, sseResponse, type FetchMock } from '../../test/fetchMock';
import { decodeGrayPng } from '../../test/grayPng';
import { renderWithApp, signedIn } from '../../test/render';
import { DEFAULT_STRENGTH, RedrawPage } from './RedrawPage';

const source = generation({
  id: 'g-src',
  status: 'success',
  prompt_ru: 'Торт с топпером',
  style: 'birthday',
  width: 512,
  height: 768,
  steps: 30,
  guidance: 7.5,
  public_url: 'http://s3/src.png',
  credits_spent: 17,
  progress: 1,
});

const SHOWN = { width: 256, height: 384 }; // the picture on screen: half its natural size

function setup(): FetchMock {
  const fetch = mockFetch()
    .on('GET', '/api/generations/g-src', json(200, { generation: source }))
    .on('POST', '/api/generations/quote', json(200, { credits: 9, per_variant: 9, variants: 1 }));
  signedIn(fetch);
  return fetch;
}

async function openEditor() {
  renderWithApp(<RedrawPage />, { route: '/designs/g-src/redraw', path: '/designs/:id/redraw' });
  const canvas = await screen.findByTestId('mask-canvas');
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0, right: SHOWN.width, bottom: SHOWN.height, x: 0, y: 0, ...SHOWN, toJSON: () => '' });
  return canvas;
}

/** One drag over the picture, in screen pixels. */
function paint(canvas: HTMLElement, points: [number, number][]) {
  const [first, ...rest] = points;
  fireEvent.pointerDown(canvas, { clientX: first[0], clientY: first[1], pointerId: 1, button: 0, pointerType: 'mouse' });
  for (const [x, y] of rest) fireEvent.pointerMove(canvas, { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse' });
  fireEvent.pointerUp(canvas, { clientX: points.at(-1)?.[0], clientY: points.at(-1)?.[1], pointerId: 1, pointerType: 'mouse' });
}

describe('RedrawPage', () => {
  beforeEach(() => {
    // jsdom draws nothing; the page paints its layer only where a 2D context exists.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });

  it('asks the price of the redraw with the source picture and strength, before any mask exists', async () => {
    const fetch = setup();
    await openEditor();
    expect(await screen.findByTestId('quote-credits')).toHaveTextContent('9');
    const body = fetch.callsTo('POST', '/api/generations/quote').at(-1)?.body;
    expect(body).toMatchObject({ init_image: { generation_id: 'g-src' }, strength: DEFAULT_STRENGTH, width: 512, height: 768, steps: 30, style: 'birthday' });
    expect(body).not.toHaveProperty('mask_upload_id');
  });

  it('undoes several steps and clears', async () => {
    setup();
    const canvas = await openEditor();
    const undo = screen.getByRole('button', { name: 'Отменить шаг' });
    const clear = screen.getByRole('button', { name: 'Очистить' });
    expect(undo).toBeDisabled();
    expect(clear).toBeDisabled();
    paint(canvas, [[20, 20], [40, 20]]);
    paint(canvas, [[100, 100]]);
    expect(clear).toBeEnabled();
    await userEvent.click(clear);
    expect(clear).toBeDisabled();
    await userEvent.click(undo); // back: both strokes
    expect(clear).toBeEnabled();
    await userEvent.click(undo);
    await userEvent.click(undo);
    expect(undo).toBeDisabled();
    expect(clear).toBeDisabled();
  });

  it('refuses to send without a painted area or an instruction', async () => {
    const fetch = setup();
    await openEditor();
    await userEvent.click(screen.getByRole('button', { name: 'Перерисовать' }));
    expect(screen.getByTestId('mask-error')).toHaveTextContent('Закрасьте кистью область');
    expect(screen.getByText(/Напишите, что нарисовать/)).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/uploads')).toHaveLength(0);
  });

  it('uploads the mask at the natural size, white where painted, and redraws with it', async () => {
    const fetch = setup();
    fetch
      .on('POST', '/api/uploads', json(201, { upload: { id: 'u-mask', purpose: 'mask', width: 512, height: 768, url: 'http://s3/mask' } }))
      .on('POST', '/api/generations', (call) => {
        const created = generation({ id: 'g-new', status: 'pending', prompt_ru: 'заменить топпер', init_image: { generation_id: 'g-src' } });
        return json(202, { generation: created, generations: [created], echo: call.body });
      })
      .on('GET', '/api/generations/g-new/events', () =>
        sseResponse(['data: {"status":"processing","progress":0.5,"queue_position":0,"preview":"data:image/jpeg;base64,AAAA"}\n\n'], { keepOpen: true }),
      );
    const canvas = await openEditor();
    // The topper, top centre: on screen (100..156, 40) = in the picture (200..312, 80).
    paint(canvas, [[100, 40], [128, 40], [156, 40]]);
    await userEvent.type(screen.getByLabelText('Что нарисовать в выделенной области'), 'заменить топпер на золотую цифру 7');
    fireEvent.change(screen.getByLabelText('Насколько сильно менять область'), { target: { value: '0.6' } });
    await userEvent.click(screen.getByRole('button', { name: 'Перерисовать' }));

    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(1));
    const [upload] = fetch.callsTo('POST', '/api/uploads');
    const form = upload.body as FormData;
    expect(form.get('purpose')).toBe('mask');
    const mask = await decodeGrayPng(form.get('file') as Blob);
    expect(mask).toMatchObject({ width: 512, height: 768, colorType: 0 });
    const at = (x: number, y: number) => mask.pixels[y * 512 + x];
    expect([at(200, 80), at(256, 80), at(312, 80)]).toEqual([255, 255, 255]);
    expect([at(256, 400), at(10, 10), at(500, 760)]).toEqual([0, 0, 0]);

    const body = fetch.callsTo('POST', '/api/generations')[0].body;
    expect(body).toMatchObject({
      prompt_ru: 'заменить топпер на золотую цифру 7',
      init_image: { generation_id: 'g-src' },
      mask_upload_id: 'u-mask',
      strength: 0.6,
      style: 'birthday',
      width: 512,
      height: 768,
    });
    // The progress shows the picture forming.
    expect(await screen.findByRole('img', { name: 'Набросок: торт проявляется' })).toHaveAttribute('src', 'data:image/jpeg;base64,AAAA');
    expect(screen.getByTestId('redraw-result')).toHaveFocus();
  });

  it('offers a top-up instead when the price is more than the credits', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations/quote', json(200, { credits: 500 }));
    await openEditor();
    expect(await screen.findByRole('link', { name: /Пополнить баланс: не хватает/ })).toHaveAttribute('href', '/balance');
    expect(screen.queryByRole('button', { name: 'Перерисовать' })).not.toBeInTheDocument();
  });

  it('says why the server refused the redraw: short of credits leads to the top-up, a field error in words', async () => {
    const fetch = setup();
    let answer = problem(402, 'Недостаточно кредитов: нужно 9, доступно 5');
    fetch
      .on('POST', '/api/uploads', json(201, { upload: { id: 'u-mask', purpose: 'mask', width: 512, height: 768, url: 'http://s3/mask' } }))
      .on('POST', '/api/generations', () => answer);
    const canvas = await openEditor();
    paint(canvas, [[100, 40], [156, 40]]);
    const instruction = screen.getByLabelText('Что нарисовать в выделенной области');
    // over the API's limit (counted as the server counts): the page says so and sends nothing
    await userEvent.click(instruction);
    await userEvent.paste('ы'.repeat(1001));
    await userEvent.click(screen.getByRole('button', { name: 'Перерисовать' }));
    expect(await screen.findByText('Не больше 1000 символов.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/generations')).toHaveLength(0);
    await userEvent.clear(instruction);
    await userEvent.paste('🍓'.repeat(1000)); // 2000 UTF-16 units, 1000 characters: allowed
    await userEvent.click(screen.getByRole('button', { name: 'Перерисовать' }));
    const alert = await screen.findByTestId('insufficient-credits');
    expect(alert).toHaveTextContent('Недостаточно кредитов: нужно 9, доступно 5');
    expect(within(alert).getByRole('link', { name: 'Пополните баланс' })).toHaveAttribute('href', '/balance');

    answer = problem(422, 'Некорректные данные запроса', [{ field: 'prompt_ru', message: 'описание не должно состоять из одних цифр' }]);
    await userEvent.click(screen.getByRole('button', { name: 'Перерисовать' }));
    expect(await screen.findByTestId('submit-error')).toHaveTextContent('Некорректные данные запроса');
  });

  it('says when the design cannot be redrawn', async () => {
    const fetch = mockFetch().on('GET', '/api/generations/g-src', problem(404, 'Генерация не найдена'));
    signedIn(fetch);
    renderWithApp(<RedrawPage />, { route: '/designs/g-src/redraw', path: '/designs/:id/redraw' });
    expect(await screen.findByText('Генерация не найдена')).toBeInTheDocument();
  });
});
