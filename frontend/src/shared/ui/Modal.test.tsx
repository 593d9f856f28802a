import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Modal } from './Modal';

function Page() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <a href="#behind">За диалогом</a>
      <button type="button" onClick={() => setOpen(true)}>
        Открыть
      </button>
      {open ? (
        <Modal title="Проверка" onClose={() => setOpen(false)}>
          <input aria-label="Поле" />
          <button type="button">Готово</button>
        </Modal>
      ) : null}
    </>
  );
}

async function openDialog() {
  const user = userEvent.setup();
  const { container } = render(<Page />);
  await user.click(screen.getByRole('button', { name: 'Открыть' }));
  return { user, container, dialog: screen.getByRole('dialog', { name: 'Проверка' }) };
}

describe('Modal', () => {
  it('moves focus into the dialog and makes the rest of the page inert', async () => {
    const { dialog, container } = await openDialog();
    expect(dialog).toHaveFocus();
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(container).toHaveAttribute('inert');
    expect(dialog.closest('[inert]')).toBeNull();
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const { user } = await openDialog();
    const close = screen.getByRole('button', { name: 'Закрыть' });
    const field = screen.getByRole('textbox', { name: 'Поле' });
    const done = screen.getByRole('button', { name: 'Готово' });
    await user.tab();
    expect(close).toHaveFocus();
    await user.tab();
    expect(field).toHaveFocus();
    await user.tab();
    expect(done).toHaveFocus();
    await user.tab(); // past the last control: back to the first, not to the page behind
    expect(close).toHaveFocus();
    await user.tab({ shift: true }); // before the first: round to the last
    expect(done).toHaveFocus();
  });

  it('closes on Escape, lifts the inertness and gives focus back to the opener', async () => {
    const { user, container } = await openDialog();
    await user.tab();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(container).not.toHaveAttribute('inert');
    expect(screen.getByRole('button', { name: 'Открыть' })).toHaveFocus();
  });

  it('is not a page landmark: no banner or contentinfo inside the dialog', async () => {
    const { dialog } = await openDialog();
    expect(dialog.querySelector('header, footer')).toBeNull();
  });

  it('keeps the page locked while a dialog underneath is still open', async () => {
    const user = userEvent.setup();
    function Stacked() {
      const [outer, setOuter] = useState(true);
      const [inner, setInner] = useState(false);
      return outer ? (
        <Modal title="Снизу" onClose={() => setOuter(false)}>
          <button type="button" onClick={() => setInner(true)}>
            Удалить
          </button>
          {inner ? (
            <Modal title="Сверху" onClose={() => setInner(false)}>
              <p>Точно удалить?</p>
            </Modal>
          ) : null}
        </Modal>
      ) : null;
    }
    render(<Stacked />);
    await user.click(screen.getByRole('button', { name: 'Удалить' }));
    const top = screen.getByRole('dialog', { name: 'Сверху' });
    await user.click(within(top).getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByRole('dialog', { name: 'Сверху' })).toBeNull();
    const bottom = screen.getByRole('dialog', { name: 'Снизу' });
    expect(document.body).toHaveClass('modal-open');
    await user.click(within(bottom).getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body).not.toHaveClass('modal-open');
  });
});
