import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch, problem, type FetchMock } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { PrintingPage } from './PrintingPage';

const design = generation({ id: 'g-1', status: 'success', public_url: 'http://s3/g-1.png', progress: 1, credits_spent: 10 });
const FONTS = [
  { id: 'marck-script', title: 'Каллиграфия', style: 'script', url: '/api/inscriptions/fonts/marck-script' },
  { id: 'comfortaa', title: 'Простой', style: 'plain', url: '/api/inscriptions/fonts/comfortaa' },
];

function setup(): FetchMock {
  const fetch = mockFetch()
    .on('GET', '/api/generations/g-1', json(200, { generation: design }))
    .on('GET', '/api/inscriptions/fonts', json(200, FONTS))
    .on('POST', '/api/generations/g-1/upscale/quote', json(200, { credits: 2, width: 2048, height: 2048 }));
  signedIn(fetch);
  return fetch;
}

const open = (tab: string) => renderWithApp(<PrintingPage />, { route: `/designs/g-1/cake?tab=${tab}`, path: '/designs/:id/cake' });

describe('PrintingPage', () => {
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom draws nothing
  });

  it('previews a 20 cm round cake on a page of its own size, warns of 63 dpi and offers the upscale', async () => {
    const fetch = setup();
    const user = userEvent.setup();
    open('print');
    expect(await screen.findByTestId('sheet-size')).toHaveTextContent('Лист по размеру торта: 216×216 мм');
    expect(screen.getByTestId('effective-dpi')).toHaveTextContent('63 точек на дюйм — меньше 300');
    const blob = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
    fetch.on(
      'POST',
      '/api/generations/g-1/print',
      () =>
        new Response(blob, {
          status: 200,
          headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="tort-g-1-round-200mm.pdf"', 'X-Effective-DPI': '63' },
        }),
    );
    URL.createObjectURL = vi.fn(() => 'blob:print');
    URL.revokeObjectURL = vi.fn();
    await user.click(screen.getByRole('slider', { name: /Осветлить/ }));
    await user.click(screen.getByTestId('print-download'));
    expect(await screen.findByTestId('print-done')).toHaveTextContent('tort-g-1-round-200mm.pdf');
    expect(fetch.callsTo('POST', '/api/generations/g-1/print')[0].body).toMatchObject({
      layout: 'round',
      diameter_mm: 200,
      sheet: 'fit',
      bleed_mm: 3,
      margin_mm: 5,
      cut_line: true,
      format: 'pdf',
    });
    await user.click(screen.getByTestId('offer-upscale'));
    expect(await screen.findByTestId('upscale-submit')).toBeInTheDocument();
  });

  it('keeps an 18 cm cake on A4 and lists cupcakes', async () => {
    setup();
    const user = userEvent.setup();
    open('print');
    await user.click(await screen.findByLabelText('Круглый 18 см'));
    expect(screen.getByTestId('sheet-size')).toHaveTextContent('Лист A4: 210×297 мм');
    await user.click(screen.getByLabelText('Капкейки 6 см'));
    expect(screen.getByTestId('sheet-size')).toHaveTextContent('12 шт.');
  });

  it('does not offer another upscale of a design already over 1024 px', async () => {
    const fetch = setup();
    const big = { ...design, kind: 'upscale', parent_id: 'g-0', width: 2048, height: 2048 };
    fetch.on('GET', '/api/generations/g-1', json(200, { generation: big }));
    open('print');
    expect(await screen.findByTestId('effective-dpi')).toHaveTextContent('252 точек на дюйм');
    expect(screen.queryByTestId('offer-upscale')).not.toBeInTheDocument();
    expect(screen.getByText(/Сильнее увеличить нельзя/)).toBeInTheDocument();
  });

  it('sends the inscription and links the new design', async () => {
    const fetch = setup();
    const user = userEvent.setup();
    const made = generation({ id: 'g-2', status: 'success', kind: 'inscription', parent_id: 'g-1', public_url: 'http://s3/g-2.png' });
    fetch.on('POST', '/api/generations/g-1/inscription', json(201, { generation: made }));
    open('inscription');
    const text = await screen.findByRole('textbox', { name: 'Текст надписи' });
    await user.clear(text);
    await user.type(text, 'С юбилеем, мама!');
    await user.click(screen.getByLabelText('Дугой снизу'));
    await user.click(screen.getByTestId('inscription-submit'));
    expect(await screen.findByTestId('inscription-result')).toHaveAttribute('src', 'http://s3/g-2.png');
    expect(fetch.callsTo('POST', '/api/generations/g-1/inscription')[0].body).toMatchObject({
      text: 'С юбилеем, мама!',
      font: 'marck-script',
      placement: 'arc_bottom',
      size: 'medium',
    });
    expect(screen.getByTestId('inscription-print')).toHaveAttribute('href', '/designs/g-2/cake?tab=print');
  });

  it('refuses an empty inscription before sending, and shows the server`s field message', async () => {
    const fetch = setup();
    const user = userEvent.setup();
    fetch.on('POST', '/api/generations/g-1/inscription', problem(422, 'Ошибка', [{ field: 'text', message: 'надпись от 1 до 60 символов' }]));
    open('inscription');
    const text = await screen.findByRole('textbox', { name: 'Текст надписи' });
    await user.clear(text);
    await user.click(screen.getByTestId('inscription-submit'));
    expect(await screen.findByText('Введите надпись.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/generations/g-1/inscription')).toHaveLength(0);
    await user.type(text, 'Маша');
    await user.click(screen.getByTestId('inscription-submit'));
    await waitFor(() => expect(screen.getByText('надпись от 1 до 60 символов')).toBeInTheDocument());
  });

  it('queues the upscale and says what is reserved', async () => {
    const fetch = setup();
    const user = userEvent.setup();
    const job = generation({ id: 'g-3', status: 'pending', kind: 'upscale', parent_id: 'g-1', width: 2048, height: 2048, credits_reserved: 2 });
    fetch.on('POST', '/api/generations/g-1/upscale', json(202, { generation: job }));
    fetch.on('GET', '/api/generations/g-3/events', json(500, { detail: 'нет' }));
    fetch.on('GET', '/api/generations/g-3', json(200, { generation: job }));
    open('upscale');
    await waitFor(() => expect(screen.getByTestId('upscale-submit')).toHaveTextContent('Увеличить для печати — 2 кредита'));
    await user.click(screen.getByTestId('upscale-submit'));
    expect(await screen.findByTestId('upscale-job')).toHaveTextContent('Зарезервировано: 2');
    const call = fetch.callsTo('POST', '/api/generations/g-1/upscale')[0];
    expect(call.body).toEqual({ factor: 4 });
    expect(call.headers['idempotency-key']).toBeTruthy();
  });

  it('asks the price of the factor chosen and says why an upscale cannot be made', async () => {
    const fetch = setup();
    const user = userEvent.setup();
    open('upscale');
    await waitFor(() => expect(fetch.callsTo('POST', '/api/generations/g-1/upscale/quote')[0]?.body).toEqual({ factor: 4 }));
    fetch.on(
      'POST',
      '/api/generations/g-1/upscale/quote',
      problem(409, 'Увеличение для печати недоступно: на сервере нет весов Real-ESRGAN.'),
    );
    await user.click(screen.getByLabelText(/В 2 раза/));
    expect(await screen.findByTestId('upscale-quote-error')).toHaveTextContent('Увеличение для печати недоступно');
    expect(screen.getByTestId('upscale-submit')).toBeDisabled();
    expect(fetch.callsTo('POST', '/api/generations/g-1/upscale/quote').at(-1)?.body).toEqual({ factor: 2 });
  });

  it('leads to the top-up when the upscale costs more than is available', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations/g-1/upscale/quote', json(200, { credits: 500, width: 2048, height: 2048 }));
    open('upscale');
    expect(await screen.findByTestId('upscale-short')).toHaveTextContent('Стоит 500 кредитов, доступно');
    expect(screen.getByTestId('upscale-top-up')).toHaveAttribute('href', '/balance');
    expect(screen.getByTestId('upscale-submit')).toBeDisabled();
  });
});
