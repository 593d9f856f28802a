// Browser end-to-end scenario for the built SPA served by the backend (or the mock server).
//
//   E2E_BASE_URL=http://127.0.0.1:8000 E2E_ADMIN_EMAIL=... E2E_ADMIN_PASSWORD=... npm run e2e
//
// Env: E2E_BASE_URL (default http://127.0.0.1:8000), E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD (required),
// E2E_SCREENSHOTS (default frontend/test-results/screenshots), E2E_CHROMIUM (default /usr/bin/chromium),
// E2E_TIMEOUT_MS (default 180000: how long a generation may take), E2E_EXPECT_DEMO (default 1).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const frontendDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export const DESKTOP = { width: 1366, height: 850 };
export const PHONE = { width: 390, height: 844 };
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

class Expectation extends Error {}

function expect(condition, message) {
  if (!condition) throw new Expectation(message);
}

export async function runE2E(options = {}) {
  const baseUrl = (options.baseUrl ?? process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
  const adminEmail = options.adminEmail ?? process.env.E2E_ADMIN_EMAIL;
  const adminPassword = options.adminPassword ?? process.env.E2E_ADMIN_PASSWORD;
  const shotsDir = resolve(options.screenshots ?? process.env.E2E_SCREENSHOTS ?? resolve(frontendDir, 'test-results/screenshots'));
  const executablePath = options.chromium ?? process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
  const generationTimeout = Number(options.generationTimeoutMs ?? process.env.E2E_TIMEOUT_MS ?? 180_000);
  const expectDemo = (options.expectDemo ?? process.env.E2E_EXPECT_DEMO ?? '1') !== '0';
  if (!adminEmail || !adminPassword) throw new Error('E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD must be set');
  mkdirSync(shotsDir, { recursive: true });

  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const user = { email: `e2e-${stamp}@example.com`, password: `e2e-password-${stamp}` };
  const prompt = 'Двухъярусный бенто-торт с клубникой и белым кремом';
  const comment = `E2E: компенсация ${stamp}`;
  const state = {};

  const consoleErrors = [];
  const results = [];
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const log = (line) => console.log(line);

  async function newPage() {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
    return page;
  }

  /** Full-page screenshots of the current page at desktop and phone widths. */
  async function shoot(page, name, { phoneSetup } = {}) {
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ]) {
      await page.setViewportSize(viewport);
      if (label === 'phone' && phoneSetup) await phoneSetup();
      // Full-page shots of a scrolled page would paint the sticky header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: resolve(shotsDir, `${name}-${label}.png`), fullPage: true, animations: 'disabled' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `${name} at ${label} width scrolls sideways by ${overflow}px`);
    }
    await page.setViewportSize(DESKTOP);
  }

  async function step(name, fn) {
    const started = Date.now();
    const errorsBefore = consoleErrors.length;
    try {
      await fn();
      expect(consoleErrors.length === errorsBefore, `console errors: ${consoleErrors.slice(errorsBefore).join(' | ')}`);
      results.push({ name, ok: true });
      log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false, error });
      log(`FAIL ${name}: ${error.message}`);
      throw error;
    }
  }

  const userPage = await newPage();
  const p = userPage;
  let adminPage;

  try {
    await step('anonymous visitor lands on the login page', async () => {
      await p.goto(`${baseUrl}/`);
      await p.waitForURL('**/login');
      await p.getByRole('heading', { name: 'Вход' }).waitFor();
      if (expectDemo) {
        await p.getByTestId('demo-banner').waitFor();
        const text = await p.getByTestId('demo-banner').innerText();
        expect(text.includes('Демо-режим: изображения — случайный шум, реальная модель не загружена'), `banner text: ${text}`);
      }
      await shoot(p, '01-login');
    });

    await step('register a new user', async () => {
      await p.getByRole('link', { name: 'Зарегистрируйтесь' }).click();
      await p.waitForURL('**/register');
      // Client-side validation first: a short password is refused before any request.
      await p.getByLabel('Email').fill(user.email);
      await p.getByLabel('Пароль', { exact: true }).fill('short');
      await p.getByRole('button', { name: 'Зарегистрироваться' }).click();
      await p.getByText('Пароль должен быть не короче 8 символов.').waitFor();
      await shoot(p, '02-register-validation');
      await p.getByLabel('Пароль', { exact: true }).fill(user.password);
      await p.getByLabel('Повторите пароль').fill(user.password);
      await p.getByRole('button', { name: 'Зарегистрироваться' }).click();
      await p.waitForURL('**/studio');
      await p.getByRole('heading', { name: 'Создать дизайн' }).waitFor();
    });

    await step('top up the balance', async () => {
      await p.getByRole('link', { name: 'Баланс', exact: true }).click();
      await p.waitForURL('**/balance');
      const available = p.getByTestId('balance-available').locator('.stat__value');
      await p.waitForFunction(() => !document.querySelector('[data-testid="balance-available"] .stat__value')?.textContent?.includes('…'));
      state.availableBefore = Number((await available.innerText()).replace(/\D/g, ''));
      await shoot(p, '03-balance');
      await p.getByLabel('Сумма пополнения, кредитов').fill('100');
      await p.getByRole('button', { name: 'Пополнить', exact: true }).click();
      await p.getByTestId('topup-success').waitFor();
      const expected = state.availableBefore + 100;
      await p.waitForFunction(
        (want) => document.querySelector('[data-testid="balance-available"] .stat__value')?.textContent?.replace(/\D/g, '') === String(want),
        expected,
      );
      await shoot(p, '04-balance-topped-up');
    });

    await step('create a design and watch the progress bar reach the end', async () => {
      await p.getByRole('link', { name: 'Создать дизайн' }).first().click();
      await p.waitForURL('**/studio');
      await p.getByTestId('style-bento').waitFor();
      await shoot(p, '05-studio');
      await p.getByLabel('Опишите торт').fill(prompt);
      await p.getByTestId('style-bento').click();
      expect(await p.getByRole('radio', { name: /^Бенто/ }).isChecked(), 'bento style is selected');
      await p.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="quote-credits"]')?.textContent ?? ''));
      state.quote = Number((await p.getByTestId('quote-credits').innerText()).replace(/\D/g, ''));
      expect(state.quote > 0, 'a price quote is shown');
      await p.getByTestId('submit-generation').click();
      const bar = p.getByRole('progressbar', { name: 'Прогресс генерации' });
      await bar.waitFor();
      await shoot(p, '06-studio-progress');
      await p.waitForFunction(
        () => {
          const el = document.querySelector('[data-testid="generation-progress"]');
          return el?.getAttribute('data-status') === 'success' || el?.getAttribute('data-status') === 'failed';
        },
        undefined,
        { timeout: generationTimeout },
      );
      const status = await p.getByTestId('generation-progress').getAttribute('data-status');
      expect(status === 'success', `generation finished with status ${status}`);
      expect((await bar.getAttribute('aria-valuenow')) === '100', 'progress bar reached 100%');
      const image = p.getByTestId('result-image');
      await image.waitFor();
      await p.waitForFunction(() => {
        const img = document.querySelector('[data-testid="result-image"]');
        return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
      });
      await p.getByRole('button', { name: 'Ещё вариант' }).waitFor();
      await p.getByRole('button', { name: 'Повторить' }).waitFor();
      await shoot(p, '07-studio-result');
    });

    await step('the design appears in the gallery and the style filter finds it', async () => {
      await p.getByRole('link', { name: 'Мои дизайны' }).click();
      await p.waitForURL('**/gallery');
      await p.getByTestId('design-card').first().waitFor();
      expect((await p.getByTestId('design-card').count()) === 1, 'exactly one design in a new account');
      await p.waitForFunction(() => [...document.querySelectorAll('.design-card__image')].every((img) => img.complete && img.naturalWidth > 0));
      await shoot(p, '08-gallery');
      await p.getByTestId('design-card').first().click();
      const viewer = p.getByTestId('design-viewer');
      await viewer.waitFor();
      await viewer.getByText(prompt, { exact: true }).waitFor();
      await viewer.getByText('Промпт (англ.)').waitFor();
      await shoot(p, '09-gallery-viewer');
      await viewer.getByRole('button', { name: 'Закрыть' }).click();
      await viewer.waitFor({ state: 'detached' });

      // A different style finds nothing, the design's own style finds it again.
      await p.getByLabel('Стиль').selectOption('wedding');
      await p.getByRole('button', { name: 'Показать' }).click();
      await p.getByTestId('gallery-empty').waitFor();
      await shoot(p, '10-gallery-filter-empty');
      await p.getByLabel('Стиль').selectOption('bento');
      await p.getByRole('button', { name: 'Показать' }).click();
      await p.getByTestId('design-card').first().waitFor();
      const styles = await p.getByTestId('design-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-style')));
      expect(styles.length === 1 && styles[0] === 'bento', `filtered cards: ${styles}`);
      expect(p.url().includes('style=bento'), 'filter is kept in the URL');
    });

    await step('history shows the generation and the debit', async () => {
      await p.getByRole('link', { name: 'История' }).click();
      await p.waitForURL('**/history');
      await p.locator('[data-testid="generation-row"][data-status="success"]').first().waitFor();
      await shoot(p, '11-history-generations');
      await p.getByRole('tab', { name: 'Операции по балансу' }).click();
      await p.getByTestId('transactions-table').waitFor();
      await p.getByLabel('Вид операции').selectOption('generation');
      await p.getByRole('button', { name: 'Показать' }).click();
      // The previous rows stay on screen until the filtered page arrives: wait for the filter to apply.
      await p.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="transaction-row"]')];
        return rows.length > 0 && rows.every((r) => r.getAttribute('data-kind') === 'generation');
      });
      const debit = p.locator('[data-testid="transaction-row"][data-kind="generation"][data-type="debit"]');
      expect((await debit.count()) === 1, 'one generation debit');
      const amount = (await debit.first().locator('.amount').innerText()).replace(/\D/g, '');
      expect(Number(amount) === state.quote, `debited ${amount}, quoted ${state.quote}`);
      await shoot(p, '12-history-transactions');
    });

    await step('a plain user cannot open the admin pages', async () => {
      expect((await p.getByRole('link', { name: 'Администрирование' }).count()) === 0, 'no admin link for a user');
      for (const path of ['/admin', '/admin/journal', '/admin/monitoring']) {
        await p.goto(`${baseUrl}${path}`);
        await p.getByTestId('forbidden').waitFor();
      }
      await shoot(p, '13-forbidden');
      await p.goto(`${baseUrl}/studio`);
      await p.getByRole('heading', { name: 'Создать дизайн' }).waitFor();
      await p.setViewportSize(PHONE);
      await p.getByRole('button', { name: 'Меню' }).click();
      await p.getByRole('link', { name: 'Мои дизайны' }).waitFor();
      await p.screenshot({ path: resolve(shotsDir, '14-nav-open-phone.png'), animations: 'disabled' });
      await p.setViewportSize(DESKTOP);
    });

    adminPage = await newPage();
    const a = adminPage;

    await step('an admin adjusts the user balance with a comment', async () => {
      await a.goto(`${baseUrl}/login`);
      await a.getByLabel('Email').fill(adminEmail);
      await a.getByLabel('Пароль').fill(adminPassword);
      await a.getByRole('button', { name: 'Войти' }).click();
      await a.waitForURL('**/studio');
      await a.getByRole('link', { name: 'Администрирование' }).click();
      await a.waitForURL('**/admin');
      await a.getByTestId('users-table').waitFor();
      await a.getByLabel('Поиск').fill(user.email);
      const row = a.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
      await row.waitFor();
      await a.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 1);
      state.balanceBefore = Number((await row.getByTestId('user-balance').innerText()).replace(/\D/g, ''));
      await shoot(a, '15-admin-users');
      await row.getByRole('button', { name: 'Изменить баланс' }).click();
      const dialog = a.getByTestId('adjust-dialog');
      await dialog.waitFor();
      // The comment is required: the dialog refuses to go on without it.
      await dialog.getByLabel('Сумма, кредитов').fill('25');
      await dialog.getByRole('button', { name: 'Далее' }).click();
      await dialog.getByText('Комментарий обязателен').waitFor();
      await dialog.getByLabel('Комментарий').fill(comment);
      await dialog.getByRole('button', { name: 'Далее' }).click();
      await dialog.getByTestId('adjust-confirm').waitFor();
      await shoot(a, '16-admin-adjust-confirm');
      await dialog.getByRole('button', { name: 'Подтвердить' }).click();
      await a.getByTestId('adjust-success').waitFor();
      await a.waitForFunction(
        ({ email, want }) =>
          document.querySelector(`[data-testid="user-row"][data-email="${email}"] [data-testid="user-balance"]`)?.textContent?.replace(/\D/g, '') === String(want),
        { email: user.email, want: state.balanceBefore + 25 },
      );
    });

    await step('the adjustment is in the journal', async () => {
      const row = a.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
      await row.getByRole('link', { name: 'Журнал' }).click();
      await a.waitForURL('**/admin/journal?user_id=*');
      const entry = a.locator('[data-testid="transaction-row"][data-kind="admin_adjustment"]', { hasText: comment });
      await entry.waitFor();
      expect((await entry.locator('.amount').innerText()).includes('25'), 'the journal shows +25');
      await shoot(a, '17-admin-journal');
      await a.getByLabel('Вид операции').selectOption('admin_adjustment');
      await a.getByRole('button', { name: 'Показать' }).click();
      await a.waitForFunction(() => [...document.querySelectorAll('[data-testid="transaction-row"]')].every((r) => r.getAttribute('data-kind') === 'admin_adjustment'));
      await entry.waitFor();
    });

    await step('the monitoring dashboard shows the load and refreshes by itself', async () => {
      await a.getByRole('link', { name: 'Мониторинг' }).click();
      await a.waitForURL('**/admin/monitoring');
      await a.getByTestId('hourly-chart').waitFor();
      const total = Number((await a.getByTestId('stat-generations').locator('.stat__value').innerText()).replace(/\D/g, ''));
      expect(total >= 1, `generations total ${total}`);
      expect((await a.getByTestId('chart-bar').count()) >= 1, 'the chart has hourly bars');
      await a.waitForResponse((response) => response.url().includes('/api/admin/stats') && response.ok(), { timeout: 30_000 });
      await shoot(a, '18-admin-monitoring');
    });

    await step('the user sees the adjusted balance after a reload (silent refresh)', async () => {
      await p.goto(`${baseUrl}/balance`);
      await p.waitForURL('**/balance');
      const want = state.availableBefore + 100 - state.quote + 25;
      await p.waitForFunction(
        (value) => document.querySelector('[data-testid="balance-available"] .stat__value')?.textContent?.replace(/\D/g, '') === String(value),
        want,
      );
      await p.getByRole('button', { name: 'Выйти' }).click();
      await p.waitForURL('**/login');
      await p.goto(`${baseUrl}/gallery`);
      await p.waitForURL('**/login');
    });
  } catch {
    // reported below
    for (const [page, name] of [
      [userPage, 'FAILED-user'],
      [adminPage, 'FAILED-admin'],
    ]) {
      if (page) await page.screenshot({ path: resolve(shotsDir, `${name}.png`), fullPage: true }).catch(() => undefined);
    }
  } finally {
    await browser.close();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (consoleErrors.length) log(`console errors:\n  ${consoleErrors.join('\n  ')}`);
  log(`screenshots: ${shotsDir}`);
  // Errors logged outside any step (e.g. after the last one) fail the run too.
  const unattributed = consoleErrors.length > 0 && failed === 0 ? 1 : 0;
  log(`${passed} passed, ${failed + unattributed} failed`);
  return failed + unattributed === 0 && results.length > 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runE2E()
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
