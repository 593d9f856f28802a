import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShareOut } from '../../api/models';
import { generation } from '../../test/factories';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { messengerLinks, ShareDialog } from './ShareDialog';

const design = generation({ id: 'a', status: 'success', public_url: 'http://s3/a.png' });
const URL_ = 'http://app.test/s/AbCdEfGhIjKlMnOpQrStUv';

const share = (overrides: Partial<ShareOut> = {}): ShareOut => ({
  token: 'AbCdEfGhIjKlMnOpQrStUv',
  url: URL_,
  generation_id: 'a',
  note: 'Цена 4500 ₽, к субботе',
  created_at: '2025-01-02T10:00:00Z',
  expires_at: '2099-01-16T10:00:00Z',
  revoked: false,
  show_description: false,
  feedback_count: 0,
  last_decision: null,
  ...overrides,
});

function setup(existing: ShareOut[] = []) {
  const fetch = mockFetch();
  signedIn(fetch);
  const list = [...existing];
  fetch.on('GET', '/api/shares', () => json(200, { items: list, total: list.length }));
  fetch.on('POST', '/api/generations/a/share', (call) => {
    const created = share({ note: (call.body as { note: string | null }).note });
    list.unshift(created);
    return json(201, { share: created });
  });
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ShareDialog', () => {
  it('creates a link with the note and the chosen validity, then offers to copy it', async () => {
    const fetch = setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const dialog = screen.getByTestId('share-dialog');
    await userEvent.type(within(dialog).getByLabelText('Заметка для клиента'), 'Цена 4500 ₽, к субботе');
    await userEvent.click(within(dialog).getByLabelText('30 дней'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Создать ссылку' }));
    const result = await screen.findByTestId('share-result');
    expect(fetch.callsTo('POST', '/api/generations/a/share')[0].body).toEqual({ note: 'Цена 4500 ₽, к субботе', expires_in_days: 30, show_description: false });
    expect(within(result).getByLabelText('Ссылка для клиента')).toHaveValue(URL_);
    await userEvent.click(within(result).getByRole('button', { name: 'Скопировать ссылку' }));
    expect(writeText).toHaveBeenCalledWith(URL_);
    expect(within(result).getByRole('button', { name: 'Скопировано ✓' })).toBeInTheDocument();
    // the new link is listed with its note and validity
    const item = await screen.findByTestId('share-item');
    expect(item).toHaveTextContent('Цена 4500 ₽, к субботе');
    expect(item).toHaveTextContent('Действует до 16 января 2099');
  });

  it('sends no note when it is empty, and 14 days by default', async () => {
    const fetch = setup();
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Создать ссылку' }));
    await screen.findByTestId('share-result');
    expect(fetch.callsTo('POST', '/api/generations/a/share')[0].body).toEqual({ note: null, expires_in_days: 14, show_description: false });
  });

  it('shows the client the description only when the baker ticks it', async () => {
    const fetch = setup();
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const box = screen.getByRole('checkbox', { name: /Показать клиенту описание дизайна/ });
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    await userEvent.click(screen.getByRole('button', { name: 'Создать ссылку' }));
    await screen.findByTestId('share-result');
    expect(fetch.callsTo('POST', '/api/generations/a/share')[0].body).toMatchObject({ show_description: true });
  });

  it('draws the validity as chips, the radios themselves hidden (no default dots)', () => {
    setup();
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.closest('label')?.textContent)).toEqual(['7 дней', '14 дней', '30 дней']);
    for (const radio of radios) {
      expect(radio).toHaveClass('visually-hidden');
      expect(radio.closest('label')).toHaveClass('chip');
    }
    expect(screen.getByLabelText('14 дней')).toBeChecked();
  });

  it('refuses a note over 500 characters before sending', async () => {
    const fetch = setup();
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const note = screen.getByLabelText('Заметка для клиента');
    await userEvent.click(note);
    await userEvent.paste('я'.repeat(501));
    await userEvent.click(screen.getByRole('button', { name: 'Создать ссылку' }));
    expect(screen.getByText('Заметка: не больше 500 символов.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/generations/a/share')).toHaveLength(0);
  });

  it('uses the system share sheet where there is one, messenger links elsewhere', async () => {
    setup();
    const shareFn = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'share', { value: shareFn, configurable: true });
    const { unmount } = renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Создать ссылку' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Поделиться' }));
    expect(shareFn).toHaveBeenCalledWith(expect.objectContaining({ url: URL_ }));
    unmount();
    Reflect.deleteProperty(navigator, 'share');

    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Создать ссылку' }));
    const result = await screen.findByTestId('share-result');
    expect(within(result).queryByRole('button', { name: 'Поделиться' })).toBeNull();
    expect(within(result).getByRole('link', { name: 'Telegram' })).toHaveAttribute('href', messengerLinks(URL_)[0].href);
    expect(within(result).getByRole('link', { name: 'WhatsApp' })).toHaveAttribute('href', expect.stringContaining(encodeURIComponent(URL_)));
    expect(within(result).getByRole('link', { name: 'ВКонтакте' })).toHaveAttribute('href', `https://vk.com/share.php?url=${encodeURIComponent(URL_)}`);
  });

  it('lists the design’s links and revokes a live one', async () => {
    const fetch = setup([share(), share({ token: 'old', revoked: true, note: null, last_decision: 'changes_requested' })]);
    fetch.on('DELETE', '/api/shares/AbCdEfGhIjKlMnOpQrStUv', new Response(null, { status: 204 }));
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const items = await screen.findAllByTestId('share-item');
    expect(fetch.callsTo('GET', '/api/shares')[0].url).toContain('generation_id=a');
    expect(items[1]).toHaveTextContent('Отозвана');
    expect(items[1]).toHaveTextContent('Нужны правки');
    expect(within(items[1]).queryByRole('button', { name: /Отозвать/ })).toBeNull();
    await userEvent.click(within(items[0]).getByRole('button', { name: /Отозвать/ }));
    await waitFor(() => expect(fetch.callsTo('DELETE', '/api/shares/AbCdEfGhIjKlMnOpQrStUv')).toHaveLength(1));
    await waitFor(() => expect(fetch.callsTo('GET', '/api/shares')).toHaveLength(2));
  });

  it('tells a group of variants that the client will choose', () => {
    setup();
    renderWithApp(<ShareDialog design={{ ...design, group_id: 'g1' }} onClose={() => {}} />);
    expect(screen.getByText('Клиент увидит все готовые варианты этой серии и выберет один.')).toBeInTheDocument();
  });

  it('shows the server’s refusal in Russian', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/generations/a/share', problem(409, 'Поделиться можно только готовым дизайном'));
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Создать ссылку' }));
    expect(await screen.findByText('Поделиться можно только готовым дизайном')).toBeInTheDocument();
  });
});
