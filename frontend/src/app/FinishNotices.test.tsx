import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FinishNotice } from '../shared/generation/activeGenerations';
import { generation } from '../test/factories';
import { NOTICE_MS, NoticeStack } from './FinishNotices';

const notice = (key: string, prompt: string): FinishNotice => ({
  key,
  generations: [generation({ id: key, prompt_ru: prompt, status: 'success', progress: 1, public_url: `http://s3/${key}.png` })],
  ids: [key],
});

/** The stack as the layout shows it, each dismissal taking the notice out of the list. */
function renderStack(list: FinishNotice[]) {
  const dismissed: string[] = [];
  let current = list;
  const view = () => (
    <MemoryRouter>
      <NoticeStack
        notices={current}
        shown={3}
        dismiss={(key) => {
          dismissed.push(key);
          current = current.filter((n) => n.key !== key);
          result.rerender(view());
        }}
        dismissAll={() => undefined}
      />
    </MemoryRouter>
  );
  const result = render(view());
  return { dismissed, rerender: () => result.rerender(view()) };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the «Готово…» notices', () => {
  it('leave by themselves a few seconds after they appear', () => {
    const { dismissed } = renderStack([notice('a', 'Торт с клубникой'), notice('b', 'Бенто')]);
    expect(screen.getAllByTestId('finish-notice')).toHaveLength(2);
    act(() => vi.advanceTimersByTime(NOTICE_MS - 100));
    expect(dismissed).toEqual([]);
    act(() => vi.advanceTimersByTime(200));
    expect(dismissed.sort()).toEqual(['a', 'b']);
    expect(screen.queryByTestId('finish-notices')).toBeNull();
  });

  it('stay while the pointer is over them, and leave a while after it goes', () => {
    const { dismissed } = renderStack([notice('a', 'Торт с клубникой')]);
    fireEvent.mouseEnter(screen.getByTestId('finish-notices'));
    act(() => vi.advanceTimersByTime(NOTICE_MS * 5));
    expect(dismissed).toEqual([]);
    fireEvent.mouseLeave(screen.getByTestId('finish-notices'));
    act(() => vi.advanceTimersByTime(NOTICE_MS + 10));
    expect(dismissed).toEqual(['a']);
  });

  it('stay while the keyboard focus is in them', () => {
    const { dismissed } = renderStack([notice('a', 'Торт с клубникой')]);
    act(() => screen.getByRole('link', { name: 'Открыть' }).focus());
    act(() => vi.advanceTimersByTime(NOTICE_MS * 5));
    expect(dismissed).toEqual([]);
    act(() => screen.getByRole('button', { name: 'Закрыть' }).focus()); // within: still held
    act(() => vi.advanceTimersByTime(NOTICE_MS * 2));
    expect(dismissed).toEqual([]);
    act(() => screen.getByRole('button', { name: 'Закрыть' }).blur());
    act(() => vi.advanceTimersByTime(NOTICE_MS + 10));
    expect(dismissed).toEqual(['a']);
  });
});
