// From screen to cake (issue 22) in the built SPA against the live API (not the mock one): a baker
// sets a Cyrillic inscription on a finished design, upscales the result for print on the worker and
// downloads a 20 cm round PDF. Desktop and phone; every step is screenshotted and audited by axe-core,
// console errors fail it. The PDF is saved next to the screenshots (printing-20cm-<project>.pdf) so its
// first page can be looked at (pdftoppm).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { env, failOnConsoleErrors, navigate, openPage, registerWithCredits, shoot } from './support';

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const prompt = 'Круглый торт с клубникой и безе';
const inscription = 'С днём рождения,\nМаша!';
const user = { email: '', password: `printing-password-${stamp}` };
let p: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  p = await openPage(browser, testInfo);
  user.email = `printing-${stamp}-${testInfo.project.name}@example.com`;
});

test.afterAll(async () => {
  await p?.context().close();
});

failOnConsoleErrors();

test('a baker has a finished design', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await registerWithCredits(p, user.email, user.password, 100);
  await navigate(p, 'Создать дизайн');
  await p.getByLabel('Опишите торт').fill(prompt);
  await expect(p.getByTestId('quote-credits')).toHaveText(/\d/);
  await p.getByTestId('submit-generation').click();
  await expect(p.getByTestId('result-image').first()).toBeVisible({ timeout: env.generationTimeout });
  await shoot(p, 'printing-00-design', testInfo);
});

test('«Надпись»: a Cyrillic inscription, previewed live, drawn by the server as a new design', async ({}, testInfo) => {
  await navigate(p, 'Мои дизайны');
  await p.getByTestId('design-card').first().click();
  await p.getByTestId('design-viewer').getByRole('link', { name: 'Надпись' }).click();
  await p.waitForURL(/\/designs\/[^/]+\/cake\?tab=inscription$/);
  await expect(p.getByRole('heading', { name: 'Для торта' })).toBeVisible();
  const text = p.getByRole('textbox', { name: 'Текст надписи' });
  await text.fill(inscription);
  await p.getByLabel('Шрифт').selectOption('lobster');
  await p.locator('label', { hasText: 'Дугой сверху' }).click();
  // The preview draws the letters over the top of the cake (the canvas holds only the text)
  await expect
    .poll(() =>
      p.getByTestId('inscription-canvas').evaluate((canvas: HTMLCanvasElement) => {
        const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height / 2).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        return inked;
      }),
    )
    .toBeGreaterThan(500);
  await shoot(p, 'printing-01-inscription-form', testInfo);
  const created = p.waitForResponse((r) => r.url().endsWith('/inscription') && r.request().method() === 'POST');
  await p.getByTestId('inscription-submit').click();
  const design = (await (await created).json()).generation;
  expect(design).toMatchObject({ kind: 'inscription', status: 'success', credits_spent: 0 });
  await expect(p.getByTestId('inscription-result')).toBeVisible();
  await shoot(p, 'printing-02-inscription-done', testInfo);
});

test('«Увеличить для печати»: the worker upscales the inscribed design 4 times a side', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await p.getByTestId('inscription-print').click();
  await p.waitForURL(/\/cake\?tab=print$/);
  // 512 px on a 20 cm cake: far under 300 dpi, and the page says so and offers the upscale
  await expect(p.getByTestId('effective-dpi')).toContainText('меньше 300');
  await p.getByTestId('offer-upscale').click();
  const queued = p.waitForResponse((r) => r.url().endsWith('/upscale') && r.request().method() === 'POST');
  await expect(p.getByTestId('upscale-submit')).toHaveText('Увеличить для печати — 2 кредита'); // the quote
  await p.getByTestId('upscale-submit').click();
  const job = (await (await queued).json()).generation;
  expect(job).toMatchObject({ kind: 'upscale', width: 2048, height: 2048 });
  await expect(p.getByTestId('upscaled-print')).toBeVisible({ timeout: env.generationTimeout });
  await shoot(p, 'printing-03-upscaled', testInfo);
});

test('«Печать на торт»: a 20 cm round PDF, downloaded', async ({}, testInfo) => {
  await p.getByTestId('upscaled-print').click();
  await p.waitForURL(/\/cake\?tab=print$/);
  await p.locator('label', { hasText: 'Круглый 20 см' }).click();
  await expect(p.getByTestId('sheet-size')).toContainText('216×216 мм');
  await p.getByLabel(/Осветлить/).fill('10');
  await expect(p.getByTestId('sheet-preview')).toBeVisible();
  await shoot(p, 'printing-04-print-form', testInfo);
  const response = p.waitForResponse((r) => r.url().endsWith('/print') && r.request().method() === 'POST');
  const download = p.waitForEvent('download');
  await p.getByTestId('print-download').click();
  const answered = await response;
  expect(answered.request().postDataJSON()).toMatchObject({ layout: 'round', diameter_mm: 200, sheet: 'fit', lighten: 10, format: 'pdf' });
  expect(Number(answered.headers()['x-effective-dpi'])).toBe(Math.floor(2048 / (206 / 25.4))); // 252
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^tort-.+-round-200mm\.pdf$/);
  const saved = resolve(env.screenshots, `printing-20cm-${testInfo.project.name}.pdf`);
  await file.saveAs(saved);
  expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(p.getByTestId('print-done')).toBeVisible();
  await shoot(p, 'printing-05-downloaded', testInfo);
});
