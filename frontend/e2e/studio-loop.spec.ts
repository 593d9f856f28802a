// The studio as a design loop (issue 12) in the built SPA: a new user asks for four variants and sees
// them side by side, picks one, starts a design from a photo, and reopens a finished design in the
// studio from the gallery. Runs at desktop and phone width (one user each), against the mock API or a
// live one; every step is screenshotted and audited by axe-core, and console errors fail it.
import { expect, test, type Page } from '@playwright/test';
import { noisePng } from './mock-server/png.mjs';
import { buyCredits, consoleErrors, digits, env, navigate, openPage, register, shoot } from './support';

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const prompt = 'Торт с малиной и белым шоколадом';
let p: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  p = await openPage(browser, testInfo);
});

test.afterAll(async () => {
  await p?.context().close();
});

let errorsBefore = 0;
test.beforeEach(() => {
  errorsBefore = consoleErrors.length;
});
test.afterEach(() => {
  expect(consoleErrors.slice(errorsBefore), 'console errors').toEqual([]);
});

test('a new baker registers and tops up enough for four variants', async () => {
  const password = `loop-password-${stamp}`;
  await register(p, `loop-${stamp}-${test.info().project.name}@example.com`, password);
  await navigate(p, 'Баланс');
  await buyCredits(p, 300);
});

test('four variants are quoted together and appear side by side', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await navigate(p, 'Создать дизайн');
  await p.waitForURL('**/studio');
  await p.getByLabel('Опишите торт').fill(prompt);
  await p.getByRole('radio', { name: '1', exact: true }).check({ force: true });
  await expect(p.getByTestId('quote-credits')).toHaveText(/^\d+ кредит/);
  const single = digits(await p.getByTestId('quote-credits').innerText());
  await p.getByText('4', { exact: true }).click(); // the segmented control: its radios are visually hidden
  await expect(p.getByRole('radio', { name: '4', exact: true })).toBeChecked();
  await expect(p.getByTestId('quote-credits')).toHaveText(`${single * 4} кредитов`);
  await expect(p.getByTestId('quote-breakdown')).toHaveText(`4 варианта × ${single} = ${single * 4} кредитов`);
  await shoot(p, 'loop-01-four-variants-quoted', testInfo);

  await p.getByTestId('submit-generation').click();
  const grid = p.getByTestId('variants');
  // the variants come into view by themselves (on a phone they sit below the form)
  await expect(grid).toBeInViewport();
  await expect(grid.getByTestId('variant')).toHaveCount(4);
  await expect(grid.getByTestId('variant-image')).toHaveCount(4, { timeout: env.generationTimeout });
  // side by side: two per row
  const boxes = await grid.getByTestId('variant').evaluateAll((items) => items.map((el) => el.getBoundingClientRect().top));
  expect(boxes[0]).toBe(boxes[1]);
  expect(boxes[2]).toBeGreaterThan(boxes[0]);
  await shoot(p, 'loop-02-four-variants', testInfo);
  // a reload keeps all four (their ids are in the address)
  await p.reload();
  await expect(p.getByTestId('variants').getByTestId('variant-image')).toHaveCount(4);

  await p.getByRole('button', { name: 'Выбрать вариант 3' }).click();
  await expect(p.getByTestId('result-image')).toBeVisible();
  await expect(p.getByTestId('variants')).toHaveCount(0);
});

test('a design starts from an uploaded photo', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await p.getByRole('button', { name: 'Доработать' }).click();
  // «Доработать» puts the chosen design in as the picture; swap it for the customer's photo
  await expect(p.getByTestId('picture-thumb')).toBeVisible();
  await p.getByRole('button', { name: 'Убрать фото' }).click();
  await p.getByTestId('photo-input').setInputFiles({ name: 'tort.png', mimeType: 'image/png', buffer: noisePng(256, 192, 7) });
  await expect(p.getByTestId('picture-thumb')).toBeVisible();
  await expect(p.getByTestId('picture-thumb')).toHaveJSProperty('complete', true);
  const slider = p.getByRole('slider', { name: 'Насколько можно менять' });
  await slider.fill('0.8');
  await p.getByRole('radio', { name: '1', exact: true }).check({ force: true });
  await expect(p.getByTestId('quote-credits')).toHaveText(/^\d+ кредит/);
  await shoot(p, 'loop-03-photo-chosen', testInfo);

  await p.getByTestId('submit-generation').click();
  const progress = p.getByTestId('generation-progress');
  await expect(p.getByTestId('result')).toBeInViewport();
  await expect(progress).toHaveAttribute('data-status', 'success', { timeout: env.generationTimeout });
  await expect(p.getByTestId('result-image')).toBeVisible();
  await shoot(p, 'loop-04-from-photo', testInfo);
});

test('a finished design opens in the studio with its settings', async ({}, testInfo) => {
  await navigate(p, 'Мои дизайны');
  await p.getByTestId('design-card').first().click();
  await p.getByTestId('design-viewer').getByRole('link', { name: 'Открыть в студии' }).click();
  await p.waitForURL('**/studio?from=*');
  // the phone menu last opened on an earlier visit of /studio stays closed on this one
  const menu = p.getByRole('button', { name: 'Меню' });
  if (await menu.isVisible()) await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(p.getByLabel('Опишите торт')).toHaveValue(prompt);
  const seed = p.getByLabel('Узор (номер варианта)');
  await expect(seed).toHaveValue('');
  await p.getByRole('checkbox', { name: /Повторить тот же узор/ }).check();
  await expect(seed).toHaveValue(/^\d+$/);
  await expect(p.getByTestId('quote-credits')).toHaveText(/^\d+ кредит/);
  await shoot(p, 'loop-05-reuse', testInfo);

  // an idea asks before it replaces the baker's own words
  await p.getByRole('button', { name: 'Голый торт' }).click();
  await expect(p.getByTestId('replace-confirm')).toContainText('Заменить ваш текст примером «Голый торт»?');
  await shoot(p, 'loop-06-idea-confirm', testInfo);
  await p.getByRole('button', { name: 'Оставить мой текст' }).click();
  await expect(p.getByLabel('Опишите торт')).toHaveValue(prompt);
});
