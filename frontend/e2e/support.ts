// Helpers of the browser scenario: environment, screenshots (each page audited by axe-core), console
// watch, phone-aware navigation, keyboard focus.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
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

/**
 * Every page of `context` reports its console errors, uncaught exceptions and Content-Security-Policy
 * violations (the site's policy forbids inline script and foreign sources: any violation is a bug,
 * reported even where the browser would not log it) into `consoleErrors`.
 */
export async function watchErrors(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
  });
}

/** A page in its own context, with the project's viewport, locale and base URL, its errors watched. */
export async function openPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const { baseURL, viewport, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, viewport, locale, timezoneId });
  await watchErrors(context);
  return context.newPage();
}

/**
 * Full-page screenshot `<name>-<project>.png`; the page must not scroll sideways nor fail axe-core.
 * `asSeen`: the screen as the user has it now (not scrolled to the top, not the whole page).
 */
export async function shoot(page: Page, name: string, testInfo: TestInfo, { asSeen = false } = {}): Promise<void> {
  await expectAccessible(page, `${name}-${testInfo.project.name}`);
  mkdirSync(env.screenshots, { recursive: true });
  // Full-page shots of a scrolled page would paint the sticky header mid-page.
  if (!asSeen) await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  const path = resolve(env.screenshots, `${name}-${testInfo.project.name}.png`);
  await page.screenshot({ path, fullPage: !asSeen, animations: 'disabled' });
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

/** A new user through the registration form; returns in the studio, where registration leads. */
export async function register(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.waitForURL('**/studio');
}

/** A new user through the registration form, then the pack of `credits` bought on the balance page. */
export async function registerWithCredits(page: Page, email: string, password: string, credits: number): Promise<void> {
  await register(page, email, password);
  await navigate(page, 'Баланс');
  await buyCredits(page, credits);
}

/** The window's vertical scroll position. */
export const scrollTop = (page: Page): Promise<number> => page.evaluate(() => window.scrollY);

/** `target` (a notice, say) lies over none of the page's visible controls outside it. */
export async function expectOverNoControls(target: Locator): Promise<void> {
  const covered = await target.evaluate((box) => {
    const r = box.getBoundingClientRect();
    const overlaps = (c: DOMRect) => c.width > 0 && c.height > 0 && c.left < r.right && c.right > r.left && c.top < r.bottom && c.bottom > r.top;
    return [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, label, [tabindex]')]
      .filter((el) => !box.contains(el) && !el.contains(box) && el.checkVisibility() && overlaps(el.getBoundingClientRect()))
      .map((el) => el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName);
  });
  expect(covered, 'controls under it').toEqual([]);
}

/** No word of `targets` is broken over two lines (each word's text lies on one line). */
export async function expectWholeWords(targets: Locator): Promise<void> {
  const broken = await targets.evaluateAll((elements) =>
    elements.flatMap((el) => {
      const text = el.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) return [];
      const content = text.textContent ?? '';
      const words = [...content.matchAll(/\S+/g)];
      return words.filter((word) => {
        const range = document.createRange();
        range.setStart(text, word.index ?? 0);
        range.setEnd(text, (word.index ?? 0) + word[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        return tops.size > 1;
      }).map((word) => word[0]);
    }),
  );
  expect(broken, 'words broken over two lines').toEqual([]);
}
