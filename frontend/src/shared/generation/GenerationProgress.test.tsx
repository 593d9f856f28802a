import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { GenerationProgress, previewBlurPx, progressPercent } from './GenerationProgress';

describe('GenerationProgress', () => {
  it('shows the queue while pending', () => {
    render(<GenerationProgress status="pending" progress={0} queuePosition={3} />);
    const bar = screen.getByRole('progressbar', { name: 'Прогресс генерации' });
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByTestId('generation-progress')).toHaveAttribute('data-status', 'pending');
    expect(screen.getByText('В очереди: перед вами 3')).toBeInTheDocument();
  });

  it('says "next" when nobody is ahead', () => {
    render(<GenerationProgress status="pending" progress={0} queuePosition={0} />);
    expect(screen.getByText('В очереди: вы следующий')).toBeInTheDocument();
  });

  it('shows the percentage while drawing, once', () => {
    render(<GenerationProgress status="processing" progress={0.456} queuePosition={0} />);
    const bar = screen.getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '46');
    expect(bar).toHaveAttribute('aria-valuetext', 'Рисуем торт… 46%');
    expect(screen.getByText('Рисуем торт…')).toBeInTheDocument();
    expect(screen.getByTestId('generation-progress').textContent?.match(/46%/g)).toEqual(['46%']);
  });

  it('reaches 100% on success whatever the last reported progress', () => {
    render(<GenerationProgress status="success" progress={0.9} queuePosition={0} />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText('Готово!')).toBeInTheDocument();
  });

  it("shows the server's failure message as it is (it already says nothing was charged)", () => {
    const error = 'Не удалось создать изображение: ошибка модели. Кредиты не списаны.';
    render(<GenerationProgress status="failed" progress={0.3} queuePosition={0} error={error} />);
    expect(screen.getByTestId('generation-error')).toHaveTextContent(new RegExp(`^${error}$`));
  });

  it('explains a failure without a message and that nothing was charged', () => {
    render(<GenerationProgress status="failed" progress={0.3} queuePosition={0} />);
    expect(screen.getByTestId('generation-error')).toHaveTextContent(/^Ошибка генерации\. Кредиты не списаны\.$/);
  });

  it('clamps odd progress values', () => {
    expect(progressPercent('processing', 1.7)).toBe(100);
    expect(progressPercent('processing', -1)).toBe(0);
    expect(progressPercent('processing', Number.NaN)).toBe(0);
  });

  it('shows the latest sketch while drawing, blurred less as the percent grows', () => {
    const sketch = 'data:image/jpeg;base64,AAAA';
    const { rerender } = render(<GenerationProgress status="processing" progress={0.2} queuePosition={0} preview={sketch} />);
    const image = screen.getByRole('img', { name: 'Набросок: торт проявляется' });
    expect(image).toHaveAttribute('src', sketch);
    const early = parseFloat(image.style.filter.replace('blur(', ''));
    rerender(<GenerationProgress status="processing" progress={0.9} queuePosition={0} preview={sketch} />);
    const late = parseFloat(screen.getByTestId('generation-preview').style.filter.replace('blur(', ''));
    expect(late).toBeLessThan(early);
    // The bar stays under the picture.
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '90');
  });

  it('shows no sketch before the first one nor once finished', () => {
    const { rerender } = render(<GenerationProgress status="processing" progress={0.1} queuePosition={0} />);
    expect(screen.queryByTestId('generation-preview')).not.toBeInTheDocument();
    rerender(<GenerationProgress status="success" progress={1} queuePosition={0} preview="data:image/jpeg;base64,AAAA" />);
    expect(screen.queryByTestId('generation-preview')).not.toBeInTheDocument();
  });

  it('blurs fully at the start and not at all at the end', () => {
    expect(previewBlurPx(0)).toBe(12);
    expect(previewBlurPx(100)).toBe(0);
  });
});
