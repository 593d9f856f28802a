import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { useUrlFilters } from './useUrlFilters';

const NAMES = ['style', 'favorite'] as const;

function renderAt(url: string) {
  const wrapper = ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>;
  return renderHook(() => ({ ...useUrlFilters(NAMES), search: useLocation().search }), { wrapper });
}

describe('useUrlFilters', () => {
  it('reads the named filters and the offset from the URL; no filter set is not filtered', () => {
    const { result } = renderAt('/gallery?tab=x&offset=24');
    expect(result.current.filters).toEqual({ style: '', favorite: '' });
    expect(result.current.offset).toBe(24);
    expect(result.current.filtered).toBe(false);
  });

  it('a set filter makes the page filtered; resetting clears every named filter and the offset, nothing else', () => {
    const { result } = renderAt('/gallery?style=kids&favorite=true&offset=12&tab=x');
    expect(result.current.filters).toEqual({ style: 'kids', favorite: 'true' });
    expect(result.current.filtered).toBe(true);

    act(() => result.current.resetFilters());
    expect(result.current.filters).toEqual({ style: '', favorite: '' });
    expect(result.current.filtered).toBe(false);
    expect(result.current.search).toBe('?tab=x');
  });

  it('changing a filter goes back to the first page', () => {
    const { result } = renderAt('/gallery?offset=12');
    act(() => result.current.setFilters({ style: 'wedding' }));
    expect(result.current.search).toBe('?style=wedding');
    expect(result.current.filtered).toBe(true);
    act(() => result.current.setOffset(12));
    expect(result.current.offset).toBe(12);
  });
});
