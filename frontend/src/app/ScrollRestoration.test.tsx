import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Link, MemoryRouter, Route, Routes, useNavigate } from 'react-router';
import { pageOf, ScrollRestoration } from './ScrollRestoration';

let y = 0;
const scrollTo = vi.fn((_x: number, top: number) => scrollBy(top));

/** The window scrolled to `top`, as the browser reports it (a scroll event). */
function scrollBy(top: number) {
  y = top;
  window.dispatchEvent(new Event('scroll'));
}

function Page({ name, links }: { name: string; links: [string, string][] }) {
  const navigate = useNavigate();
  return (
    <div>
      <h1>{name}</h1>
      {links.map(([to, label]) => (
        <Link key={label} to={to}>
          {label}
        </Link>
      ))}
      <button type="button" onClick={() => void navigate(-1)}>
        Назад
      </button>
    </div>
  );
}

function renderApp() {
  const links: [string, string][] = [
    ['/gallery', 'Мои дизайны'],
    ['/history', 'История'],
    ['/designs/d1', 'Дизайн'],
    ['/gallery?style=kids', 'Детские'],
  ];
  return render(
    <MemoryRouter initialEntries={['/gallery']}>
      <ScrollRestoration />
      <Routes>
        <Route path="gallery" element={<Page name="Галерея" links={links} />} />
        <Route path="designs/:id" element={<Page name="Дизайн поверх галереи" links={links} />} />
        <Route path="history" element={<Page name="История" links={links} />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  y = 0;
  Object.defineProperty(window, 'scrollY', { configurable: true, get: () => y });
  vi.spyOn(window, 'scrollTo').mockImplementation(scrollTo as unknown as typeof window.scrollTo);
});

afterEach(() => {
  scrollTo.mockClear();
  sessionStorage.clear();
});

describe('scroll position across navigations', () => {
  it('opens a new page at its top, and Back returns to where the user was', async () => {
    renderApp();
    act(() => scrollBy(1200)); // mid-list in the gallery
    await userEvent.click(screen.getByRole('link', { name: 'История' }));
    expect(screen.getByRole('heading', { name: 'История' })).toBeInTheDocument();
    expect(y).toBe(0);
    act(() => scrollBy(300));
    await userEvent.click(screen.getByRole('button', { name: 'Назад' }));
    expect(screen.getByRole('heading', { name: 'Галерея' })).toBeInTheDocument();
    expect(y).toBe(1200);
  });

  it('keeps the gallery where it is when a design opens over it, a filter changes, or the design closes', async () => {
    renderApp();
    act(() => scrollBy(900));
    scrollTo.mockClear();
    await userEvent.click(screen.getByRole('link', { name: 'Дизайн' }));
    expect(screen.getByRole('heading', { name: 'Дизайн поверх галереи' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Назад' }));
    await userEvent.click(screen.getByRole('link', { name: 'Детские' }));
    expect(scrollTo).not.toHaveBeenCalled();
    expect(y).toBe(900);
  });

  it('a page opened from a design over the gallery returns to the gallery where it was', async () => {
    renderApp();
    act(() => scrollBy(700));
    await userEvent.click(screen.getByRole('link', { name: 'Дизайн' }));
    await userEvent.click(screen.getByRole('link', { name: 'История' }));
    expect(y).toBe(0);
    await userEvent.click(screen.getByRole('button', { name: 'Назад' }));
    expect(screen.getByRole('heading', { name: 'Дизайн поверх галереи' })).toBeInTheDocument();
    expect(y).toBe(700);
  });

  it('names the page a location shows: a design is the gallery underneath', () => {
    expect(pageOf('/designs/abc')).toBe('/gallery');
    expect(pageOf('/designs/abc/redraw')).toBe('/designs/abc/redraw');
    expect(pageOf('/history/')).toBe('/history');
    expect(pageOf('/')).toBe('/');
  });
});
