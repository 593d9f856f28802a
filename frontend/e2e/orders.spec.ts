// The design becomes an order (issue 23): the baker fills the price list, shares a design with an
// order card (2,6 kg at 2 400 ₽/kg + 500 ₽ decor = 6 740 ₽), a fresh browser at phone width approves
// design and order with a name, a +7 phone and the consent; «Заказы» shows it approved (live); the
// baker raises the price and changes the order, and the client's page asks to approve it again; the
// order goes to a calendar as an .ics. Each project (desktop, phone) runs it with its own baker.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { consoleErrors, env, failOnConsoleErrors, navigate, openPage, register, shoot } from './support';

test.describe.configure({ mode: 'serial' });
failOnConsoleErrors();

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const prompt = 'Двухъярусный торт с голубикой и белым кремом';
const spaces = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

let baker: Page;
let link = '';

test.beforeAll(async ({ browser }, testInfo) => {
  baker = await openPage(browser, testInfo);
});

test.afterAll(async () => {
  await baker?.context().close();
});

/** The client: a fresh browser with no cookies, at phone width, whatever the project. */
async function asClient(browser: Browser, testInfo: TestInfo, visit: (client: Page) => Promise<void>): Promise<void> {
  const { locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, timezoneId, hasTouch: true, isMobile: true });
  expect(await context.cookies(), 'a fresh browser').toEqual([]);
  const client = await context.newPage();
  client.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${client.url()}: ${message.text()}`);
  });
  client.on('pageerror', (error) => consoleErrors.push(`${client.url()}: uncaught ${error.message}`));
  try {
    await visit(client);
  } finally {
    await context.close();
  }
}

test('the baker registers, makes a design and fills the price list', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  const email = `orders-${stamp}-${testInfo.project.name}@example.com`;
  const password = `orders-password-${stamp}`;
  await register(baker, email, password);
  await baker.getByLabel('Опишите торт').fill(prompt);
  await baker.getByTestId('style-wedding').click();
  await expect(baker.getByTestId('quote-credits')).toHaveText(/\d/);
  await baker.getByTestId('submit-generation').click();
  await expect(baker.getByTestId('generation-progress')).toHaveAttribute('data-status', 'success', { timeout: env.generationTimeout });

  await navigate(baker, 'Заказы');
  await baker.waitForURL('**/orders');
  await expect(baker.getByTestId('orders-no-price-list')).toBeVisible();
  await shoot(baker, 'orders-01-no-price-list', testInfo);
  await baker.getByRole('link', { name: 'Заполнить прайс-лист' }).click();
  await baker.waitForURL('**/orders/price-list');
  const form = baker.getByTestId('price-list-form');
  await form.getByLabel('Название или ваше имя').fill('Торты Анны');
  await form.getByLabel('Город').fill('Казань');
  await form.getByLabel('Телефон').fill('8 (900) 123-45-67');
  await form.getByLabel('Telegram').fill('@anna_cakes');
  await form.getByLabel('Цена за 1 кг, ₽').fill('2400');
  await form.getByLabel('Минимальный вес, кг').fill('1,5');
  await form.getByLabel('Заказов в день').fill('2');
  await form.getByRole('button', { name: '+ Добавить начинку' }).click();
  await form.getByLabel('Начинка 1: название').fill('Шоколадная');
  await form.getByLabel('Начинка 1: цена за кг, ₽').fill('2800');
  await form.getByRole('button', { name: '+ Добавить начинку' }).click();
  await form.getByLabel('Начинка 2: название').fill('Ванильная');
  await form.getByRole('button', { name: 'Сохранить прайс-лист' }).click();
  await expect(form.getByText('Сохранено ✓')).toBeVisible();
  await shoot(baker, 'orders-02-price-list', testInfo);
});

test('the baker shares the design with an order card', async ({}, testInfo) => {
  await navigate(baker, 'Мои дизайны');
  await baker.waitForURL('**/gallery');
  await baker.getByTestId('design-card').first().click();
  await baker.getByTestId('design-viewer').getByRole('button', { name: 'Отправить клиенту' }).click();
  const dialog = baker.getByTestId('share-dialog');
  await dialog.getByRole('checkbox', { name: 'Добавить заказ: вес, дата и цена' }).check();
  await dialog.getByLabel('Вес, кг').fill('2,6');
  await dialog.getByLabel('Декор, ₽').fill('500');
  await dialog.getByLabel('Комментарий к заказу').fill('Надпись «Оле 5 лет»');
  await shoot(baker, 'orders-03-share-with-order', testInfo);
  await dialog.getByRole('button', { name: 'Создать ссылку' }).click();
  const quote = dialog.getByTestId('share-quote');
  await expect(quote).toContainText('версия 1');
  expect(spaces(await quote.textContent())).toContain('6 740 ₽');
  expect(spaces(await quote.textContent())).toContain('3 370 ₽ (50 %)');
  link = await dialog.getByLabel('Ссылка для клиента').inputValue();
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22,}$/);
  await shoot(baker, 'orders-04-link-with-order', testInfo);
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await baker.getByTestId('design-viewer').getByRole('button', { name: 'Закрыть' }).click();
  // «Заказы» stays open: the client's answer reaches it live
  await navigate(baker, 'Заказы');
  await expect(baker.getByTestId('order-item')).toHaveCount(1);
  await expect(baker.getByTestId('order-status')).toHaveText('Отправлен');
});

test('a client on a phone approves design and order with a name, a phone and the consent', async ({ browser }, testInfo) => {
  await asClient(browser, testInfo, async (client) => {
    await client.goto(link);
    const card = client.getByTestId('order-card');
    await expect(card).toBeVisible();
    const text = spaces(await card.textContent());
    for (const shown of ['2,6 кг', '6 740 ₽', '3 370 ₽', 'самовывоз', 'Надпись «Оле 5 лет»']) expect(text).toContain(shown);
    expect(text).toMatch(/\d{1,2} [а-я]+, [а-я]+/); // «12 декабря, суббота»
    await expect(client.getByTestId('order-baker')).toContainText('Торты Анны, Казань');
    await shoot(client, 'orders-05-client-order', testInfo);

    await client.getByLabel('Ваше имя').fill('Ольга');
    await client.getByRole('textbox', { name: 'Телефон' }).fill('+7 900 765-43-21');
    await client.getByRole('button', { name: 'Согласовать' }).click();
    await expect(client.getByText('Отметьте согласие: без него мы не можем сохранить телефон.')).toBeVisible();
    await shoot(client, 'orders-06-client-consent-needed', testInfo);
    await client.getByRole('checkbox', { name: /обработку моих персональных данных/ }).check();
    await client.getByRole('button', { name: 'Согласовать' }).click();
    await expect(client.getByTestId('share-answer')).toContainText('заказ, версия 1');
    await shoot(client, 'orders-07-client-thanks', testInfo);
  });
});

test('«Заказы» shows the order approved, with the client, and it goes to a calendar', async ({}, testInfo) => {
  const item = baker.getByTestId('order-item');
  await expect(item.getByTestId('order-status')).toHaveText('Согласован'); // live, no reload
  await expect(item).toContainText('Клиент: Ольга');
  await expect(item.getByRole('link', { name: '+7 900 765-43-21' })).toBeVisible();
  expect(spaces(await item.textContent())).toContain('6 740 ₽');
  await shoot(baker, 'orders-08-approved', testInfo);

  const download = baker.waitForEvent('download');
  await item.getByRole('button', { name: 'В календарь' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^tort-\d{4}-\d{2}-\d{2}\.ics$/);
  const ics = readFileSync((await file.path()) ?? '', 'utf8');
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toContain('X-WR-TIMEZONE:Europe/Moscow');
  expect(ics).toMatch(/DTSTART;VALUE=DATE:\d{8}/);
  expect(ics).toContain('STATUS:CONFIRMED');
});

test('the baker raises the price and changes the order: the client is asked to approve again', async ({ browser }, testInfo) => {
  await baker.getByRole('link', { name: 'Прайс-лист' }).click();
  const form = baker.getByTestId('price-list-form');
  await form.getByLabel('Цена за 1 кг, ₽').fill('2600');
  await form.getByRole('button', { name: 'Сохранить прайс-лист' }).click();
  await expect(form.getByText('Сохранено ✓')).toBeVisible();
  await baker.getByRole('link', { name: '← Заказы' }).click();

  await baker.getByTestId('order-item').getByRole('button', { name: 'Изменить заказ' }).click();
  const dialog = baker.getByTestId('edit-order-dialog');
  await expect(dialog).toContainText('Клиент уже согласовал этот заказ');
  await shoot(baker, 'orders-09-edit', testInfo);
  await dialog.getByRole('button', { name: 'Сохранить новую версию' }).click();
  await expect(dialog).toHaveCount(0);
  const item = baker.getByTestId('order-item');
  await expect(item.getByTestId('order-status')).toHaveText('Нужно повторное согласование');
  expect(spaces(await item.textContent())).toContain('7 260 ₽'); // 2,6 kg × 2 600 ₽ + 500 ₽
  await shoot(baker, 'orders-10-reapproval', testInfo);

  await asClient(browser, testInfo, async (client) => {
    await client.goto(link);
    const card = client.getByTestId('order-card');
    await expect(card).toContainText('Кондитер изменил заказ: нужно согласовать его заново.');
    await expect(card.getByTestId('order-status')).toHaveText('Нужно повторное согласование');
    expect(spaces(await card.textContent())).toContain('7 260 ₽');
    await expect(card).toContainText('Версия 2');
    await shoot(client, 'orders-11-client-reapproval', testInfo);
  });
});
