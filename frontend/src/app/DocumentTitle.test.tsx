import { describe, expect, it } from 'vitest';
import { titleFor } from './DocumentTitle';

describe('titleFor', () => {
  it('names each page, the most specific path first', () => {
    expect(titleFor('/gallery')).toBe('Мои дизайны — Тортоделова');
    expect(titleFor('/designs/abc')).toBe('Дизайн торта — Тортоделова');
    expect(titleFor('/admin')).toBe('Пользователи — Тортоделова');
    expect(titleFor('/admin/journal')).toBe('Журнал операций — Тортоделова');
    expect(titleFor('/nowhere')).toBe('Тортоделова');
  });
});
