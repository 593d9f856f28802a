import { describe, expect, it } from 'vitest';
import { json, problem } from '../test/fetchMock';
import { ApiError, errorFromResponse, formErrorMessage, messageOf, normalizeField, statusMessage } from './errors';

describe('problem details -> Russian messages', () => {
  it.each([
    [400, /Некорректный запрос/],
    [401, /Требуется вход/],
    [402, /Недостаточно кредитов/],
    [403, /Недостаточно прав/],
    [404, /Не найдено/],
    [409, /Конфликт/],
    [422, /Проверьте поля формы/],
    [429, /Слишком много запросов/],
    [500, /Сервер временно недоступен/],
    [503, /Сервер временно недоступен/],
  ])('maps status %i with an English detail to Russian', async (status, expected) => {
    const error = await errorFromResponse(problem(status, 'Something went wrong'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(expected);
  });

  it("keeps the server's own Russian detail", async () => {
    const error = await errorFromResponse(problem(402, 'Недостаточно кредитов: нужно 10, доступно 4'));
    expect(error.message).toBe('Недостаточно кредитов: нужно 10, доступно 4');
  });

  it('uses Retry-After for 429', async () => {
    const error = await errorFromResponse(json(429, { status: 429, detail: 'Too many' }, { 'Retry-After': '30' }));
    expect(error.retryAfter).toBe(30);
    expect(error.message).toBe('Слишком много запросов. Повторите через 30 с.');
  });

  it('collects field errors by field name, Russian messages kept, others translated', async () => {
    const error = await errorFromResponse(
      problem(422, 'Validation failed', [
        { field: 'prompt_ru', message: 'не короче 3 символов' },
        { field: 'body.steps', message: 'Expected `int` <= 40' },
        { field: 'prompt_ru', message: 'second message is ignored' },
      ]),
    );
    expect(error.fieldErrors).toEqual({
      prompt_ru: 'не короче 3 символов',
      steps: 'Недопустимое значение поля «Шаги».',
    });
  });

  it('survives a body that is not JSON', async () => {
    const error = await errorFromResponse(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(error.problem).toBeNull();
    expect(error.message).toMatch(/Сервер временно недоступен/);
  });

  it('normalizes field paths', () => {
    expect(normalizeField('$.prompt_ru')).toBe('prompt_ru');
    expect(normalizeField('body.amount')).toBe('amount');
    expect(normalizeField('seed')).toBe('seed');
  });

  it('messageOf covers non-API errors', () => {
    expect(messageOf(new TypeError('Failed to fetch'))).toMatch(/Нет связи/);
    expect(messageOf(new Error('boom'))).toMatch(/Что-то пошло не так/);
    expect(statusMessage(418)).toBe('Не удалось выполнить запрос (код 418).');
  });

  it('formErrorMessage stays quiet when every field error is shown next to a field', async () => {
    const onlyFields = await errorFromResponse(problem(422, 'Некорректные данные', [{ field: 'amount', message: 'от 1' }]));
    expect(formErrorMessage(onlyFields, ['amount'])).toBeNull();
    expect(formErrorMessage(onlyFields, ['email'])).toBe('Некорректные данные');
  });
});
