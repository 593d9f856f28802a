import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { GenerationProgress, progressPercent } from './GenerationProgress';

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

  it('shows the percentage while drawing', () => {
    render(<GenerationProgress status="processing" progress={0.456} queuePosition={0} />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '46');
    expect(screen.getByText('Рисуем торт… 46%')).toBeInTheDocument();
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
});
