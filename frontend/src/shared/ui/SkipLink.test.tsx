import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SkipLink } from './SkipLink';

function Page() {
  return (
    <>
      <SkipLink targetId="main" />
      <header>
        <a href="/studio">Создать дизайн</a>
        <a href="/gallery">Мои дизайны</a>
      </header>
      <main id="main" tabIndex={-1}>
        <button type="button">Первое в содержимом</button>
      </main>
    </>
  );
}

describe('SkipLink', () => {
  it('is the first Tab stop and takes the keyboard past the header into the main content', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.tab();
    const link = screen.getByRole('link', { name: 'Перейти к содержимому' });
    expect(link).toHaveFocus();
    expect(link).toHaveAttribute('href', '#main');
    await user.keyboard('{Enter}');
    expect(screen.getByRole('main')).toHaveFocus();
    await user.tab(); // the header's links are skipped
    expect(screen.getByRole('button', { name: 'Первое в содержимом' })).toHaveFocus();
  });
});
