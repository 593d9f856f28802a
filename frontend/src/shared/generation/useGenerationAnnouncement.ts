import type { GenerationStatus } from '../../api/models';
import { useAnnounce } from '../a11y/announcer';

/** One sentence per stage a sighted user sees change; percent steps are left to the progress bar. */
export function generationAnnouncement(status: GenerationStatus, imageShown: boolean, error?: string | null): string | null {
  switch (status) {
    case 'pending':
      return 'Заявка принята, дизайн в очереди.';
    case 'processing':
      return 'Рисуем торт.';
    case 'success':
      return imageShown ? 'Дизайн готов.' : null;
    case 'failed':
      // The server's message already names the failure and says that no credits were charged.
      return error ? `Не получилось. ${error}` : 'Не получилось. Кредиты не списаны.';
    case 'cancelled':
      return 'Генерация отменена. Кредиты не списаны.';
  }
}

/** Reads the generation's stage changes out through the layout's polite live region. */
export function useGenerationAnnouncement(status: GenerationStatus | null, imageShown: boolean, error?: string | null): void {
  useAnnounce(status ? generationAnnouncement(status, imageShown, error) : null);
}
