// Helpers of the browser scenario: environment, screenshots (each page audited by axe-core), console
// watch, phone-aware navigation, keyboard focus.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './axe';

export const env = {
  adminEmail: process.env.E2E_ADMIN_EMAIL ?? '',
  adminPassword: process.env.E2E_ADMIN_PASSWORD ?? '',
  screenshots: resolve(process.env.E2E_SCREENSHOTS ?? 'test-results/screenshots'),
  generationTimeout: Number(process.env.E2E_TIMEOUT_MS ?? 180_000),
  expectDemo: (process.env.E2E_EXPECT_DEMO ?? '1') !== '0',
};

/** Every console error and uncaught exception of the pages opened through `openPage`. */
export const consoleErrors: string[] = [];

/** Fails every test of the calling file during which a page logged a console error or threw. */
export function failOnConsoleErrors(): void {
  let before = 0;
  test.beforeEach(() => {
    before = consoleErrors.length;
  });
  test.afterEach(() => {
    expect(consoleErrors.slice(before), 'console errors').toEqual([]);
  });
}

/** A page in its own context, with the project's viewport, locale and base URL. */
export async function openPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const { baseURL, viewport, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, viewport, locale, timezoneId });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
  return page;
}

/** Full-page screenshot `<name>-<project>.png`; the page must not scroll sideways nor fail axe-core. */
export async function shoot(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  await expectAccessible(page, `${name}-${testInfo.project.name}`);
  mkdirSync(env.screenshots, { recursive: true });
  // Full-page shots of a scrolled page would paint the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  const path = resolve(env.screenshots, `${name}-${testInfo.project.name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** Opens the main menu where it is folded (narrow screens); returns it. */
export async function openMenu(page: Page) {
  const toggle = page.getByRole('button', { name: 'Меню' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.getByRole('navigation', { name: 'Основное меню' });
}

/** Follows a main-menu link. */
export async function navigate(page: Page, name: string): Promise<void> {
  await (await openMenu(page)).getByRole('link', { name, exact: true }).click();
}

/** Unfolds a filter panel where it is folded (phones). */
export async function openFilters(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Фильтры/ });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** The digits of a text: «1 234 кредита» -> 1234. */
export const digits = (text: string | null | undefined): number => Number((text ?? '').replace(/\D/g, ''));

/** Presses Tab (at most `limit` times) until `target` has the focus, as a keyboard-only user would. */
export async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reached with at most ${limit} Tab presses`).toBeFocused();
}

/**
 * Buys the pack of `credits` on the balance page through the sandbox's test checkout (the payment
 * service `make dev` runs): «Купить», the checkout's «Оплатить», back on the balance page until
 * «Зачислено …». Returns on the balance page.
 */
export async function buyCredits(page: Page, credits: number): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^Купить ${credits} кредит`) }).click();
  await page.waitForURL('**/pay/sandbox/**');
  await page.getByRole('button', { name: 'Оплатить' }).click();
  await page.waitForURL('**/balance?payment=*');
  await expect(page.getByTestId('payment-credited')).toContainText(`Зачислено ${credits} кредит`);
}

/** A new user through the registration form, then the pack of `credits` bought on the balance page. */
export async function registerWithCredits(page: Page, email: string, password: string, credits: number): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.waitForURL('**/studio');
  await navigate(page, 'Баланс');
  await buyCredits(page, credits);
}
