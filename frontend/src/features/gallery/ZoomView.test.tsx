import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ZoomView } from './ZoomView';

const level = () => screen.getByTestId('zoom-level').textContent;
const image = () => screen.getByRole('img', { name: 'торт' });

describe('ZoomView', () => {
  it('zooms with the wheel, pans with a drag, and fits again on double click', () => {
    render(<ZoomView src="http://s3/a.png" alt="торт" width={512} height={512} />);
    const stage = screen.getByTestId('zoom-stage');
    fireEvent.wheel(stage, { deltaY: -350 });
    expect(level()).toBe('201%');
    fireEvent.pointerDown(stage, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 130, clientY: 80 });
    fireEvent.pointerUp(stage, { pointerId: 1 });
    expect(image().style.transform).toMatch(/^translate\(30px, -20px\) scale\(2\.01/);
    fireEvent.doubleClick(stage);
    expect(level()).toBe('100%');
    expect(image().style.transform).toBe('translate(0px, 0px) scale(1)');
  });

  it('pinches with two fingers', () => {
    render(<ZoomView src="http://s3/a.png" alt="торт" width={512} height={512} />);
    const stage = screen.getByTestId('zoom-stage');
    fireEvent.pointerDown(stage, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerDown(stage, { pointerId: 2, clientX: 200, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 2, clientX: 200, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 2, clientX: 300, clientY: 100 });
    expect(level()).toBe('200%');
  });

  it('does not pan a picture that is not zoomed', () => {
    render(<ZoomView src="http://s3/a.png" alt="торт" width={512} height={512} />);
    const stage = screen.getByTestId('zoom-stage');
    fireEvent.pointerDown(stage, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 160, clientY: 100 });
    expect(image().style.transform).toBe('translate(0px, 0px) scale(1)');
  });
});
