// Agreeing a design with the client (issue 13): the baker shares a design with a note (and, ticked,
// its description), a fresh browser with no cookies opens the link at phone width, asks for changes
// (which wants a comment), finds that answer again after a reload and changes it to an approval; the
// baker's gallery shows «Согласовано» (live, without reloading) with the comment in the design view.
// A 270-letter word in the description must not widen the client's page. Each project (desktop,
// phone) runs it with its own baker; every page is screenshotted and audited, and any console error
// or Content-Security-Policy violation fails the step.
import { expect, test, type Page } from '@playwright/test';
import { consoleErrors, env, navigate, openPage, register, shoot, watchErrors } from './support';

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
// one word of 270 letters, as a baker pasting a run of hashtags wrote it
const longWord = 'Малиновокремовый'.repeat(17).slice(0, 270);
const prompt = `Нежный торт с малиной и белыми розами из крема ${longWord}`;
const note = 'Цена 4 500 ₽, готов к субботе 12:00';
const clientComment = `Очень красиво, берём! ${stamp}`;

let baker: Page;
let link = '';

test.beforeAll(async ({ browser }, testInfo) => {
  baker = await openPage(browser, testInfo);
});

test.afterAll(async () => {
  await baker?.context().close();
});

let errorsBefore = 0;
test.beforeEach(() => {
  errorsBefore = consoleErrors.length;
});
test.afterEach(() => {
  expect(consoleErrors.slice(errorsBefore), 'console errors').toEqual([]);
});

test('the baker registers and makes a design', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  const email = `share-${stamp}-${testInfo.project.name}@example.com`;
  const password = `share-password-${stamp}`;
  await register(baker, email, password);
  await baker.getByLabel('Опишите торт').fill(prompt);
  expect(longWord).toHaveLength(270);
  await baker.getByTestId('style-wedding').click();
  await expect(baker.getByTestId('quote-credits')).toHaveText(/\d/);
  await baker.getByTestId('submit-generation').click();
  const progress = baker.getByTestId('generation-progress');
  await expect(progress).toHaveAttribute('data-status', 'success', { timeout: env.generationTimeout });
});

test('the baker opens the design at its own address and shares it with a note', async ({}, testInfo) => {
  await navigate(baker, 'Мои дизайны');
  await baker.waitForURL('**/gallery');
  await baker.getByTestId('design-card').first().click();
  await baker.waitForURL('**/designs/*');
  const viewer = baker.getByTestId('design-viewer');
  await expect(viewer.getByText(prompt, { exact: true })).toBeVisible();
  // the actions are in sight without scrolling the dialog
  await expect(viewer.getByRole('link', { name: 'Скачать изображение' })).toBeInViewport();
  await shoot(baker, 'share-01-design-view', testInfo);

  await viewer.getByRole('button', { name: 'Отправить клиенту' }).click();
  const dialog = baker.getByTestId('share-dialog');
  await dialog.getByLabel('Заметка для клиента').fill(note);
  await dialog.getByText('7 дней').click();
  await expect(dialog.getByRole('radio', { name: '7 дней' })).toBeChecked();
  // the chips show the choice themselves: no browser radio dot inside them
  const dot = await dialog.getByRole('radio', { name: '7 дней' }).boundingBox();
  expect(dot && dot.width <= 1 && dot.height <= 1, 'the radio itself is not drawn').toBe(true);
  const description = dialog.getByRole('checkbox', { name: /Показать клиенту описание дизайна/ });
  await expect(description).not.toBeChecked(); // by default the client sees only the note
  await description.check();
  await shoot(baker, 'share-02-dialog', testInfo);
  await dialog.getByRole('button', { name: 'Создать ссылку' }).click();
  const url = dialog.getByLabel('Ссылка для клиента');
  await expect(url).toHaveValue(/\/s\/[A-Za-z0-9_-]{22,}$/);
  link = await url.inputValue();
  await expect(dialog.getByTestId('share-item')).toHaveCount(1);
  await expect(dialog.getByTestId('share-item')).toContainText(note);
  await shoot(baker, 'share-03-link', testInfo);
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await viewer.getByRole('button', { name: 'Закрыть' }).click();
  await baker.waitForURL('**/gallery');
});

test('a client with no account asks for changes on a phone, finds the answer after a reload and changes it', async ({ browser }, testInfo) => {
  const { locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, timezoneId, hasTouch: true, isMobile: true });
  expect(await context.cookies(), 'a fresh browser').toEqual([]);
  await watchErrors(context);
  const client = await context.newPage();
  try {
    await client.goto(link);
    await expect(client.getByRole('heading', { name: 'Эскиз торта' })).toBeVisible();
    await expect(client.getByText(note)).toBeVisible();
    await expect(client.getByText(prompt)).toBeVisible(); // the baker ticked «Показать клиенту описание»
    const image = client.getByRole('img', { name: /Эскиз торта/ });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // the 270-letter word wraps: the page is as wide as the phone (shoot checks it scrolls not sideways)
    expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(client, 'share-04-client-page', testInfo);

    // «Нужны правки» says what to change
    await client.getByRole('button', { name: 'Нужны правки' }).click();
    await expect(client.getByText('Напишите, что поменять: без этого кондитер не узнает, что исправить.')).toBeVisible();
    await expect(client.getByLabel('Комментарий')).toBeFocused();
    await client.getByLabel('Комментарий').fill('Больше малины сверху');
    await client.getByLabel('Ваше имя').fill('Анна');
    await client.getByRole('button', { name: 'Нужны правки' }).click();
    const answer = client.getByTestId('share-answer');
    await expect(answer).toContainText('Спасибо! Ответ отправлен');
    await expect(answer).toContainText('Вы ответили: Нужны правки — «Больше малины сверху»');

    // the page remembers the answer on this device
    await client.reload();
    await expect(answer).toContainText('Вы ответили: Нужны правки — «Больше малины сверху»');
    await expect(client.getByRole('button', { name: 'Согласовать' })).toHaveCount(0);
    await shoot(client, 'share-05-client-answered', testInfo);
    await client.getByRole('button', { name: 'Изменить ответ' }).click();
    await expect(client.getByLabel('Комментарий')).toHaveValue('Больше малины сверху');
    await client.getByLabel('Комментарий').fill(clientComment);
    await client.getByRole('button', { name: 'Согласовать' }).click();
    await expect(answer).toContainText(`Вы ответили: Согласовано — «${clientComment}»`);
    await shoot(client, 'share-05b-client-changed', testInfo);
  } finally {
    await context.close();
  }
});

test('the baker sees «Согласовано» on the card and the comment in the design view', async ({}, testInfo) => {
  // live: the open gallery gets the answer through the event stream
  await expect(baker.getByTestId('feedback-notice')).toContainText('Согласовано');
  const card = baker.getByTestId('design-card').first();
  await expect(card.getByTestId('decision-badge')).toHaveText('Согласовано');
  await shoot(baker, 'share-06-gallery-approved', testInfo);
  await card.click();
  const thread = baker.getByTestId('feedback-thread');
  await expect(thread).toContainText(clientComment);
  await expect(thread).toContainText('Анна');
  await shoot(baker, 'share-07-thread', testInfo);
  // the full-screen view zooms, the download stays in sight
  await baker.getByRole('button', { name: 'Открыть на весь экран' }).click();
  const zoom = baker.getByTestId('zoom-dialog');
  await zoom.getByRole('button', { name: 'Увеличить' }).click();
  await expect(zoom.getByTestId('zoom-level')).toHaveText('150%');
  await expect(zoom.getByRole('link', { name: 'Скачать изображение' })).toBeInViewport();
  await shoot(baker, 'share-08-zoom', testInfo);
  await baker.keyboard.press('Escape');
  await expect(zoom).toHaveCount(0);
  await expect(baker.getByTestId('design-viewer')).toBeVisible();
  // Back closes one layer at a time: the full-screen picture, then the design view
  await baker.getByRole('button', { name: 'Открыть на весь экран' }).click();
  await expect(zoom).toBeVisible();
  await baker.goBack();
  await expect(zoom).toHaveCount(0);
  await expect(baker.getByTestId('design-viewer')).toBeVisible();
  await baker.goBack();
  await expect(baker.getByTestId('design-viewer')).toHaveCount(0);
  await expect(baker).toHaveURL(/\/gallery$/);
});

test('a revoked link tells the client it no longer works', async ({ browser }, testInfo) => {
  const viewer = baker.getByTestId('design-card').first();
  await viewer.click();
  await baker.getByTestId('design-viewer').getByRole('button', { name: 'Отправить клиенту' }).click();
  const dialog = baker.getByTestId('share-dialog');
  const item = dialog.getByTestId('share-item');
  await expect(item).toContainText('Согласовано');
  await item.getByRole('button', { name: /Отозвать/ }).click();
  await expect(item).toContainText('Отозвана');
  await shoot(baker, 'share-09-revoked', testInfo);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: testInfo.project.use.locale });
  try {
    const client = await context.newPage();
    await client.goto(link);
    await expect(client.getByRole('heading', { name: 'Ссылка больше не действует' })).toBeVisible();
    await shoot(client, 'share-10-client-gone', testInfo);
  } finally {
    await context.close();
  }
});
