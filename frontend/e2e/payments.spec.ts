// Buying credits on the sandbox's test checkout (`make dev`'s payment service), at each project's width
// (desktop 1280x900, phone 390x844): the packs with their price per credit, the checkout page marked
// as a test, a declined payment with its reason, a paid one waited for and credited live.
import { expect, test, type Page } from '@playwright/test';
import { buyCredits, consoleErrors, digits, failOnConsoleErrors, navigate, openPage, register, shoot } from './support';

test.describe.configure({ mode: 'serial' });
failOnConsoleErrors();

let p: Page;
const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const available = () => p.getByTestId('balance-available').locator('.stat__value');

test.beforeAll(async ({ browser }, testInfo) => {
  p = await openPage(browser, testInfo);
});

test.afterAll(async () => {
  await p.context().close();
  expect(consoleErrors).toEqual([]);
});

test('a new baker sees the packs with their price per credit', async ({}, testInfo) => {
  const password = `pay-password-${stamp}`;
  await register(p, `pay-${stamp}-${testInfo.project.name}@example.com`, password);
  await navigate(p, 'Баланс');
  await p.waitForURL('**/balance');
  await expect(p.getByTestId('sandbox-note')).toBeVisible();
  const pack = p.getByTestId('pack-100');
  await expect(pack).toContainText('100 кредитов');
  await expect(pack).toContainText(/590\s₽/);
  await expect(pack).toContainText(/5,90\s₽ за кредит/);
  await expect(p.getByTestId('pack-300')).toContainText('Выгоднее всего');
  await expect(available()).not.toContainText('…');
  await shoot(p, 'pay-01-packs', testInfo);
});

test('the test checkout is marked as such; declining says so with the reason', async ({}, testInfo) => {
  const before = digits(await available().innerText());
  await p.getByRole('button', { name: /^Купить 30 кредитов/ }).click();
  await p.waitForURL('**/pay/sandbox/**');
  await expect(p.getByTestId('sandbox-badge')).toHaveText('Тестовая оплата — деньги не списываются');
  await expect(p.getByTestId('sandbox-amount')).toContainText(/199\s₽/);
  await shoot(p, 'pay-02-checkout', testInfo);
  await p.getByRole('button', { name: 'Отказаться' }).click();
  await p.waitForURL('**/balance?payment=*');
  const canceled = p.getByTestId('payment-canceled');
  await expect(canceled).toContainText('Платёж отменён');
  await expect(canceled).toContainText('вы отказались от оплаты');
  // the page came back from the checkout: the balance loads again before it can be compared
  await expect.poll(async () => digits(await available().innerText())).toBe(before);
  await shoot(p, 'pay-03-declined', testInfo);
});

test('a paid pack is credited on the balance page the payer returns to', async ({}, testInfo) => {
  await p.getByRole('button', { name: 'Закрыть' }).click();
  await expect(p.getByTestId('payment-canceled')).toHaveCount(0);
  const before = digits(await available().innerText());
  await buyCredits(p, 100);
  await expect.poll(async () => digits(await available().innerText())).toBe(before + 100);
  const recent = p.getByTestId('recent-payments');
  await expect(recent).toContainText('Оплачен');
  await expect(recent).toContainText('Отменён');
  await shoot(p, 'pay-04-credited', testInfo);
});
