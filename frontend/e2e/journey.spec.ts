// The whole journey in the built SPA against a live API: a new user registers, tops up, creates a
// design and finds it in the gallery and the history; an admin adjusts that user's balance, finds it
// in the journal and watches the monitoring. Each project (desktop, phone) runs it with its own user;
// every page is saved as a screenshot and audited by axe-core, and any console error fails the step it
// happened in. At the end the user makes a second design and views it with the keyboard alone.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { buyCredits, consoleErrors, digits, env, expectWholeWords, navigate, openFilters, openMenu, openPage, scrollTop, shoot, tabTo } from './support';

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const prompt = 'Двухъярусный бенто-торт с клубникой и белым кремом';
const comment = `E2E: компенсация ${stamp}`;

let user: { email: string; password: string };
let p: Page; // the new user's page
let a: Page; // the admin's page
const state = { availableBefore: 0, quote: 0, balanceBefore: 0 };
const availableValue = () => p.getByTestId('balance-available').locator('.stat__value');

test.beforeAll(async ({ browser }, testInfo) => {
  expect(env.adminEmail && env.adminPassword, 'E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD must be set').toBeTruthy();
  user = { email: `e2e-${stamp}-${testInfo.project.name}@example.com`, password: `e2e-password-${stamp}` };
  p = await openPage(browser, testInfo);
  a = await openPage(browser, testInfo);
});

test.afterAll(async () => {
  await p?.context().close();
  await a?.context().close();
});

let errorsBefore = 0;
test.beforeEach(() => {
  errorsBefore = consoleErrors.length;
});
test.afterEach(() => {
  expect(consoleErrors.slice(errorsBefore), 'console errors').toEqual([]);
});

test('an anonymous visitor lands on the login page', async ({}, testInfo) => {
  await p.goto('/');
  await p.waitForURL('**/login');
  await expect(p.getByRole('heading', { name: 'Вход' })).toBeVisible();
  if (env.expectDemo) {
    await expect(p.getByTestId('demo-banner')).toContainText('Демо-режим: изображения — случайный шум, реальная модель не загружена');
  }
  await shoot(p, '01-login', testInfo);
});

test('a new user registers (the password length is checked first)', async ({}, testInfo) => {
  await p.getByRole('link', { name: 'Зарегистрируйтесь' }).click();
  await p.waitForURL('**/register');
  await p.getByLabel('Email').fill(user.email);
  await p.getByLabel('Пароль', { exact: true }).fill('short');
  await p.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await expect(p.getByText('Пароль должен быть не короче 8 символов.')).toBeVisible();
  await shoot(p, '02-register-validation', testInfo);
  await p.getByLabel('Пароль', { exact: true }).fill(user.password);
  await p.getByLabel('Повторите пароль').fill(user.password);
  await p.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await p.waitForURL('**/studio');
  await expect(p.getByRole('heading', { name: 'Создать дизайн' })).toBeVisible();
});

test('the user buys a pack of credits', async ({}, testInfo) => {
  await navigate(p, 'Баланс');
  await p.waitForURL('**/balance');
  await expect(availableValue()).not.toContainText('…');
  await expect(p.getByTestId('pack-100')).toBeVisible();
  state.availableBefore = digits(await availableValue().innerText());
  await shoot(p, '03-balance', testInfo);
  await buyCredits(p, 100);
  await expect.poll(async () => digits(await availableValue().innerText())).toBe(state.availableBefore + 100);
  await shoot(p, '04-balance-topped-up', testInfo);
});

test('the user creates a design and the progress bar reaches the end', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await navigate(p, 'Создать дизайн');
  await p.waitForURL('**/studio');
  await expect(p.getByTestId('style-bento')).toBeVisible();
  // style names stay whole words («Тематический», not «Тематически / й»)
  await expectWholeWords(p.locator('.style-chip__title'));
  if (testInfo.project.name === 'phone') {
    // nobody drags a file onto a phone's page
    await expect(p.getByTestId('dropzone')).toContainText(/^Выберите фото/);
  }
  const quality = p.getByRole('radiogroup', { name: 'Качество' });
  if (await quality.count()) {
    // words only: the text sits in the middle of its card, no empty half above it
    const gaps = await quality.locator('.size-option').evaluateAll((cards) =>
      cards.map((card) => {
        const box = card.getBoundingClientRect();
        const text = (card.querySelector('.size-option__text') as HTMLElement).getBoundingClientRect();
        return Math.abs(text.top - box.top - (box.bottom - text.bottom));
      }),
    );
    for (const gap of gaps) expect(gap, 'text centred in its quality card').toBeLessThanOrEqual(4);
  }
  await shoot(p, '05-studio', testInfo);
  await p.getByLabel('Опишите торт').fill(prompt);
  await p.getByTestId('style-bento').click();
  await expect(p.getByRole('radio', { name: /^Бенто/ })).toBeChecked();
  await expect(p.getByTestId('quote-credits')).toHaveText(/\d/);
  state.quote = digits(await p.getByTestId('quote-credits').innerText());
  expect(state.quote, 'a price quote is shown').toBeGreaterThan(0);
  await p.getByTestId('submit-generation').click();
  const bar = p.getByRole('progressbar', { name: 'Прогресс генерации' });
  await expect(bar).toBeVisible();
  if (testInfo.project.name === 'phone') {
    // one column: the result card, under the form, is brought to the top of the screen
    await expect.poll(() => p.getByTestId('result').evaluate((card) => Math.round(card.getBoundingClientRect().top))).toBeLessThan(120);
  }
  // the screen as the user has it (desktop: the result in the sticky side column)
  await shoot(p, '06-studio-progress', testInfo, { asSeen: true });
  const progress = p.getByTestId('generation-progress');
  await expect(progress).toHaveAttribute('data-status', /^(success|failed)$/, { timeout: env.generationTimeout });
  await expect(progress).toHaveAttribute('data-status', 'success');
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  const image = p.getByTestId('result-image');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // The picture is wholly on screen where the submit left the page (no scrolling by the test): on a
  // phone the card came up from below the form.
  await expect(image).toBeInViewport({ ratio: 1 });
  await expect(bar).toBeInViewport();
  await expect(p.getByRole('button', { name: 'Ещё вариант' })).toBeVisible();
  await expect(p.getByRole('button', { name: 'Повторить' })).toBeVisible();
  await shoot(p, '07-studio-result', testInfo);
});

test('the design is in the gallery and the style filter finds it', async ({}, testInfo) => {
  // The studio was left scrolled (to its result on a phone): the gallery opens at its top, and Back
  // finds the studio where it was.
  await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const studioScroll = await scrollTop(p);
  expect(studioScroll, 'the studio is scrolled down').toBeGreaterThan(100);
  await navigate(p, 'Мои дизайны');
  await p.waitForURL('**/gallery');
  await expect(p.getByRole('heading', { name: 'Мои дизайны' })).toBeInViewport();
  expect(await scrollTop(p), 'a new page opens at its top').toBe(0);
  await p.goBack();
  await p.waitForURL('**/studio*');
  await expect.poll(() => scrollTop(p), { message: 'Back returns to where the studio was' }).toBeGreaterThan(studioScroll - 40);
  await p.goForward();
  await p.waitForURL('**/gallery');
  const cards = p.getByTestId('design-card');
  await expect(cards).toHaveCount(1); // a new account has exactly one design
  await expect
    .poll(() => p.locator('.design-card__image').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  await shoot(p, '08-gallery', testInfo);
  await cards.first().click();
  const viewer = p.getByTestId('design-viewer');
  await expect(viewer.getByText(prompt, { exact: true })).toBeVisible();
  await expect(viewer.getByText('Описание на английском')).toBeVisible();
  await shoot(p, '09-gallery-viewer', testInfo);
  await viewer.getByRole('button', { name: 'Закрыть' }).click();
  await expect(viewer).toHaveCount(0);

  // A refused range: its error stays under its own field, the other inputs stay in line.
  await openFilters(p);
  await p.getByLabel('Кредиты от').fill('30');
  await p.getByLabel('Кредиты до').fill('10');
  await p.getByRole('button', { name: 'Показать' }).click();
  await expect(p.getByText('Не меньше минимума.')).toBeVisible();
  const misaligned = await p.getByRole('form', { name: 'Фильтры дизайнов' }).evaluate((form) => {
    const rows = new Map<number, number[]>();
    for (const field of form.querySelectorAll('.field')) {
      const label = Math.round((field.querySelector('.field__label') as HTMLElement).getBoundingClientRect().top);
      const input = Math.round((field.querySelector('.input') as HTMLElement).getBoundingClientRect().top);
      rows.set(label, [...(rows.get(label) ?? []), input]);
    }
    return [...rows.values()].filter((inputs) => Math.max(...inputs) - Math.min(...inputs) > 1);
  });
  expect(misaligned, 'inputs of one row at different heights').toEqual([]);
  await shoot(p, '10a-gallery-filter-error', testInfo);
  await p.getByLabel('Кредиты от').fill('');
  await p.getByLabel('Кредиты до').fill('');

  // A different style finds nothing, the design's own style finds it again.
  await p.getByLabel('Стиль').selectOption('wedding');
  await p.getByRole('button', { name: 'Показать' }).click();
  await expect(p.getByTestId('gallery-empty')).toBeVisible();
  await shoot(p, '10-gallery-filter-empty', testInfo);
  await openFilters(p);
  await p.getByLabel('Стиль').selectOption('bento');
  await p.getByRole('button', { name: 'Показать' }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute('data-style', 'bento');
  expect(p.url(), 'the filter is kept in the URL').toContain('style=bento');
});

test('the history shows the generation and its debit', async ({}, testInfo) => {
  await navigate(p, 'История');
  await p.waitForURL('**/history');
  await expect(p.locator('[data-testid="generation-row"][data-status="success"]').first()).toBeVisible();
  await shoot(p, '11-history-generations', testInfo);
  await p.getByRole('tab', { name: 'Операции по балансу' }).click();
  await expect(p.getByTestId('transactions-table')).toBeVisible();
  await openFilters(p);
  await p.getByLabel('Вид операции').selectOption('generation');
  await p.getByRole('button', { name: 'Показать' }).click();
  // The previous rows stay on screen until the filtered page arrives: wait for the filter to apply.
  const rows = p.getByTestId('transaction-row');
  await expect.poll(() => rows.evaluateAll((all) => all.length > 0 && all.every((r) => r.getAttribute('data-kind') === 'generation'))).toBe(true);
  const debit = p.locator('[data-testid="transaction-row"][data-kind="generation"][data-type="debit"]');
  await expect(debit).toHaveCount(1);
  expect(digits(await debit.locator('.amount').innerText()), 'debited what was quoted').toBe(state.quote);
  await shoot(p, '12-history-transactions', testInfo);
});

test('a plain user cannot open the admin pages', async ({}, testInfo) => {
  const menu = await openMenu(p);
  await expect(menu.getByRole('link', { name: 'Администрирование' })).toHaveCount(0);
  for (const path of ['/admin', '/admin/journal', '/admin/monitoring']) {
    await p.goto(path);
    await expect(p.getByTestId('forbidden')).toBeVisible();
  }
  await shoot(p, '13-forbidden', testInfo);
  await p.goto('/studio');
  await expect(p.getByRole('heading', { name: 'Создать дизайн' })).toBeVisible();
  const toggle = p.getByRole('button', { name: 'Меню' });
  if (await toggle.isVisible()) {
    await toggle.click();
    await expect(p.getByRole('link', { name: 'Мои дизайны' })).toBeVisible();
    await expectAccessible(p, `14-nav-open-${testInfo.project.name}`);
    await p.screenshot({ path: `${env.screenshots}/14-nav-open-${testInfo.project.name}.png`, animations: 'disabled' });
  }
});

test('an admin adjusts the user balance with a required comment', async ({}, testInfo) => {
  await a.goto('/login');
  await a.getByLabel('Email').fill(env.adminEmail);
  await a.getByLabel('Пароль').fill(env.adminPassword);
  await a.getByRole('button', { name: 'Войти' }).click();
  await a.waitForURL('**/studio');
  await navigate(a, 'Администрирование');
  await a.waitForURL('**/admin');
  await expect(a.getByTestId('users-table')).toBeVisible();
  await a.getByLabel('Поиск').fill(user.email);
  const row = a.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
  await expect(a.getByTestId('user-row')).toHaveCount(1);
  await expect(row).toBeVisible();
  state.balanceBefore = digits(await row.getByTestId('user-balance').innerText());
  await shoot(a, '15-admin-users', testInfo);
  await row.getByRole('button', { name: 'Изменить баланс' }).click();
  const dialog = a.getByTestId('adjust-dialog');
  await dialog.getByLabel('Сумма, кредитов').fill('25');
  await dialog.getByRole('button', { name: 'Далее' }).click();
  await expect(dialog.getByText('Комментарий обязателен')).toBeVisible();
  await dialog.getByLabel('Комментарий').fill(comment);
  await dialog.getByRole('button', { name: 'Далее' }).click();
  await expect(dialog.getByTestId('adjust-confirm')).toBeVisible();
  await shoot(a, '16-admin-adjust-confirm', testInfo);
  await dialog.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(a.getByTestId('adjust-success')).toBeVisible();
  await expect.poll(async () => digits(await row.getByTestId('user-balance').innerText())).toBe(state.balanceBefore + 25);
});

test('the adjustment is in the journal', async ({}, testInfo) => {
  const row = a.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
  await row.getByRole('link', { name: 'Журнал' }).click();
  await a.waitForURL('**/admin/journal?user=*');
  const entry = a.locator('[data-testid="transaction-row"][data-kind="admin_adjustment"]', { hasText: comment });
  await expect(entry.locator('.amount')).toContainText('25');
  await shoot(a, '17-admin-journal', testInfo);
  await openFilters(a);
  await a.getByLabel('Вид операции').selectOption('admin_adjustment');
  await a.getByRole('button', { name: 'Показать' }).click();
  const rows = a.getByTestId('transaction-row');
  await expect.poll(() => rows.evaluateAll((all) => all.every((r) => r.getAttribute('data-kind') === 'admin_adjustment'))).toBe(true);
  await expect(entry).toBeVisible();
  // The journal is searched by e-mail, not by an ID the admin would have to copy.
  await a.goto('/admin/journal');
  await expect(a.getByTestId('journal-table')).toBeVisible(); // the admin chunk has loaded
  await openFilters(a);
  await a.getByLabel('Пользователь').fill(user.email.split('@')[0]);
  await a.getByRole('button', { name: 'Показать' }).click();
  await expect(entry).toBeVisible();
  await expect.poll(() => rows.evaluateAll((all, email) => all.length > 0 && all.every((r) => r.textContent?.includes(email)), user.email)).toBe(true);
  await shoot(a, '17b-admin-journal-by-email', testInfo);
});

test('the admin sees the failed generations with their reasons', async ({}, testInfo) => {
  await a.getByRole('link', { name: /^Ошибки/ }).click();
  await a.waitForURL('**/admin/failures');
  await expect(a.getByTestId('failures-table').or(a.getByTestId('failures-empty'))).toBeVisible();
  await shoot(a, '17c-admin-failures', testInfo);
});

test('the monitoring dashboard shows the load and refreshes by itself', async ({}, testInfo) => {
  await a.getByRole('link', { name: 'Мониторинг' }).click();
  await a.waitForURL('**/admin/monitoring');
  await expect(a.getByTestId('hourly-chart')).toBeVisible();
  expect(digits(await a.getByTestId('stat-generations').locator('.stat__value').innerText())).toBeGreaterThanOrEqual(1);
  expect(await a.getByTestId('chart-bar').count(), 'the chart has hourly bars').toBeGreaterThanOrEqual(1);
  await a.waitForResponse((response) => response.url().includes('/api/admin/stats') && response.ok(), { timeout: 30_000 });
  await shoot(a, '18-admin-monitoring', testInfo);
});

test('the user sees the adjusted balance after a reload (silent refresh)', async () => {
  await p.goto('/balance');
  await expect.poll(async () => digits(await availableValue().innerText())).toBe(state.availableBefore + 100 - state.quote + 25);
});

test('keyboard only: a design from the studio, then the design view opened, tabbed through and closed', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await p.goto('/studio');
  await expect(p.getByTestId('style-bento')).toBeVisible();
  // The skip link is the first stop and lands past the header, on the form's first field.
  await p.keyboard.press('Tab');
  await expect(p.getByRole('link', { name: 'Перейти к содержимому' })).toBeFocused();
  await p.keyboard.press('Enter');
  await expect(p.getByRole('main')).toBeFocused();
  await p.keyboard.press('Tab');
  await expect(p.getByLabel('Опишите торт')).toBeFocused();
  await p.keyboard.type(prompt);
  await tabTo(p, p.getByRole('radio', { checked: true }).first());
  await p.keyboard.press('ArrowRight'); // radios: arrows choose within the group
  await expect(p.getByTestId('quote-credits')).toHaveText(/\d/);
  const submit = p.getByTestId('submit-generation');
  await tabTo(p, submit);
  await expectFocusRing(submit);
  await p.keyboard.press('Enter');
  // The focus follows the request to its result and the stages are announced.
  const result = p.getByTestId('result');
  await expect(result).toBeFocused();
  const progress = p.getByTestId('generation-progress');
  await expect(progress).toHaveAttribute('data-status', /^(success|failed)$/, { timeout: env.generationTimeout });
  await expect(progress).toHaveAttribute('data-status', 'success');
  await expect(p.getByTestId('announcer')).toHaveText('Дизайн готов.');

  await p.goto('/gallery');
  const card = p.getByTestId('design-card').first();
  await expect(card).toBeVisible();
  await tabTo(p, card, 60);
  await expectFocusRing(card);
  await p.keyboard.press('Enter');
  const viewer = p.getByTestId('design-viewer');
  await expect(viewer).toBeFocused();
  const focusInViewer = () => viewer.evaluate((dialog) => dialog.contains(document.activeElement));
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await p.keyboard.press(key);
    expect(await focusInViewer(), `${key} keeps the focus in the dialog`).toBe(true);
  }
  await expectFocusRing(p.locator(':focus'));
  await shoot(p, '19-keyboard-viewer', testInfo);
  await p.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(card).toBeFocused();
});

/** The focused element shows a solid outline of the design tokens (3px, at least 3:1 on every surface). */
async function expectFocusRing(target: Locator): Promise<void> {
  const ring = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  expect(ring).toBe('solid 3px');
}

test('the user logs out', async () => {
  await (await openMenu(p)).getByRole('button', { name: 'Выйти' }).click();
  await p.waitForURL('**/login');
  await p.goto('/gallery');
  await p.waitForURL('**/login');
});
