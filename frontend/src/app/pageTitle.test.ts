import { describe, expect, it } from 'vitest';
import { pageTitle } from './pageTitle';

describe('pageTitle', () => {
  it('names every page, so browser tabs are told apart', () => {
    const paths = ['/studio', '/gallery', '/designs/1', '/designs/1/cake', '/history', '/balance', '/admin', '/admin/journal', '/admin/payments', '/admin/failures', '/admin/monitoring', '/login', '/register'];
    const titles = paths.map(pageTitle);
    expect(new Set(titles).size).toBe(paths.length);
    expect(pageTitle('/gallery')).toBe('Мои дизайны — Тортоделова');
    expect(pageTitle('/nowhere')).toBe('Страница не найдена — Тортоделова');
  });
});
