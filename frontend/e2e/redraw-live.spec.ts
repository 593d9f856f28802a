// Redraw one area and watch designs form (issue 12, parts 4-6) in the built SPA: a baker paints over the
// topper of a finished design and redraws it (the mask goes up as an upload of purpose «mask»), sees the
// picture forming mid-generation, then leaves the studio during a generation and comes back: the
// «В работе» strip shows it on another page, the studio shows its progress again, and a finished one
// is announced with «Открыть». Desktop and phone, against the mock API or a live one; every step is
// screenshotted and audited by axe-core, and console errors fail it.
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { env, expectOverNoControls, failOnConsoleErrors, navigate, openPage, registerWithCredits, shoot } from './support';

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const sourcePrompt = 'Двухъярусный торт с топпером-звездой';
const instruction = 'заменить топпер на золотую цифру 7';
const awayPrompt = 'Шоколадный торт с вишней для проверки ухода';
const queued = ['Торт-очередь номер один', 'Торт-очередь номер два', 'Торт-очередь номер три', 'Торт-очередь номер четыре'];
const user = { email: '', password: `redraw-password-${stamp}` };
let p: Page;
let sourceId = '';

test.beforeAll(async ({ browser }, testInfo) => {
  p = await openPage(browser, testInfo);
  user.email = `redraw-${stamp}-${testInfo.project.name}@example.com`;
});

test.afterAll(async () => {
  await p?.context().close();
});

failOnConsoleErrors();

/** The painted layer's opacity at a point given as fractions of the canvas (0..255). */
const paintAt = (page: Page, fx: number, fy: number) =>
  page.getByTestId('mask-canvas').evaluate((canvas: HTMLCanvasElement, [x, y]) => {
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    return context.getImageData(Math.floor(canvas.width * x), Math.floor(canvas.height * y), 1, 1).data[3];
  }, [fx, fy]);

/** One drag with the mouse across the canvas, between points given as fractions of its box. */
async function drag(page: Page, from: [number, number], to: [number, number]) {
  const canvas = page.getByTestId('mask-canvas');
  // Centred: the sticky top bar must not cover the part being painted.
  await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 12 });
  await page.mouse.up();
}

test('a new baker registers, tops up and has a finished design', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  await registerWithCredits(p, user.email, user.password, 300);

  await navigate(p, 'Создать дизайн');
  await p.getByLabel('Опишите торт').fill(sourcePrompt);
  await expect(p.getByTestId('quote-credits')).toHaveText(/\d/);
  await p.getByTestId('submit-generation').click();
  const image = p.getByTestId('result-image').first();
  await expect(image).toBeVisible({ timeout: env.generationTimeout });
  await shoot(p, 'redraw-00-source', testInfo);
});

test('the design view leads to redrawing a part of it', async ({}, testInfo) => {
  await navigate(p, 'Мои дизайны');
  await p.getByTestId('design-card').first().click();
  const viewer = p.getByTestId('design-viewer');
  await viewer.getByRole('link', { name: 'Перерисовать часть' }).click();
  await p.waitForURL(/\/designs\/[^/]+\/redraw$/);
  sourceId = p.url().split('/designs/')[1].split('/')[0];
  await expect(p.getByRole('heading', { name: 'Перерисовать часть' })).toBeVisible();
  await expect(p.getByRole('img', { name: `Дизайн торта: ${sourcePrompt}` })).toBeVisible();
  await expect(p.getByTestId('quote-credits')).toHaveText(/\d/);
  await shoot(p, 'redraw-01-editor', testInfo);
});

test('paint a mask (brush, undo, eraser, clear) and redraw: the picture forms mid-generation', async ({}, testInfo) => {
  test.setTimeout(env.generationTimeout + 60_000);
  // Sending nothing painted is refused in plain words.
  await p.getByRole('button', { name: 'Перерисовать' }).click();
  await expect(p.getByTestId('mask-error')).toContainText('Закрасьте кистью');

  await drag(p, [0.35, 0.18], [0.65, 0.22]); // the topper
  expect(await paintAt(p, 0.5, 0.2)).toBeGreaterThan(0);
  await drag(p, [0.2, 0.8], [0.4, 0.8]); // a slip
  expect(await paintAt(p, 0.3, 0.8)).toBeGreaterThan(0);
  await p.getByRole('button', { name: 'Отменить шаг' }).click();
  expect(await paintAt(p, 0.3, 0.8)).toBe(0);
  expect(await paintAt(p, 0.5, 0.2)).toBeGreaterThan(0);
  // Clear and undo the clearing: the topper is back.
  await p.getByRole('button', { name: 'Очистить' }).click();
  expect(await paintAt(p, 0.5, 0.2)).toBe(0);
  await p.getByRole('button', { name: 'Отменить шаг' }).click();
  expect(await paintAt(p, 0.5, 0.2)).toBeGreaterThan(0);
  // The eraser, chosen from the keyboard, takes an edge back.
  await p.getByRole('radio', { name: 'Ластик' }).focus();
  await p.keyboard.press('Space');
  await expect(p.getByRole('radio', { name: 'Ластик' })).toBeChecked();
  await drag(p, [0.64, 0.1], [0.64, 0.3]);
  await p.locator('label', { hasText: 'Кисть' }).click();
  await expect(p.getByRole('radio', { name: 'Кисть' })).toBeChecked();
  const size = p.getByLabel('Размер кисти');
  await size.focus();
  await p.keyboard.press('ArrowRight');

  await p.getByLabel('Что нарисовать в выделенной области').fill(instruction);
  await shoot(p, 'redraw-02-painted', testInfo);

  // The sketch shows only while the worker draws; a fast demo worker can be done within a second, too
  // briefly for polling to catch, so the page itself records whether the sketch was on screen.
  await p.evaluate(() => {
    const w = window as unknown as { sketchSeen: boolean };
    w.sketchSeen = false;
    new MutationObserver(() => {
      const img = document.querySelector('img[alt="Набросок: торт проявляется"]');
      if (img && img.getBoundingClientRect().width > 0) w.sketchSeen = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const uploaded = p.waitForResponse((r) => r.url().endsWith('/api/uploads') && r.request().method() === 'POST');
  const queued = p.waitForRequest((r) => new URL(r.url()).pathname === '/api/generations' && r.method() === 'POST');
  await p.getByRole('button', { name: 'Перерисовать' }).click();
  const upload = (await (await uploaded).json()).upload;
  expect(upload.purpose).toBe('mask');
  const body = (await queued).postDataJSON();
  expect(body).toMatchObject({ prompt_ru: instruction, init_image: { generation_id: sourceId }, mask_upload_id: upload.id });
  expect(body.strength).toBeGreaterThanOrEqual(0.2);
  await p.waitForURL(/\/redraw\?g=/);

  // The picture forming, before the end.
  await expect
    .poll(() => p.evaluate(() => (window as unknown as { sketchSeen: boolean }).sketchSeen), { timeout: env.generationTimeout })
    .toBe(true);
  await p.screenshot({ path: resolve(env.screenshots, `redraw-03-preview-${testInfo.project.name}.png`) });

  const result = p.getByTestId('redraw-image');
  await expect(result).toBeVisible({ timeout: env.generationTimeout });
  await expect.poll(() => result.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(p.getByTestId('announcer')).toHaveText('Дизайн готов.');
  await shoot(p, 'redraw-04-result', testInfo);
});

test('leave the studio mid-generation and come back: strip on another page, progress on return, a notice when done', async ({}, testInfo) => {
  test.setTimeout(2 * env.generationTimeout + 60_000);
  await navigate(p, 'Создать дизайн');
  await p.waitForURL('**/studio');
  // Requests ahead of it in the queue: a wait long enough to walk away, even with the mock's fast worker.
  // No page follows them (the studio shows the latest submit), so each finish brings a notice.
  for (const prompt of [...queued, awayPrompt]) {
    await p.getByLabel('Опишите торт').fill(prompt);
    // The one walked away from is two variants: one entry in the strip, one notice.
    if (prompt === awayPrompt) {
      const variants = p.getByRole('radiogroup', { name: 'Сколько вариантов' });
      await variants.getByText('2', { exact: true }).click(); // the segmented control: its radios are visually hidden
      await expect(variants.getByRole('radio', { name: '2', exact: true })).toBeChecked();
    }
    const before = p.url();
    // From the keyboard: a notice of an earlier one finishing may slide in over the button at any moment.
    await p.getByTestId('submit-generation').press('Enter');
    await expect(p).not.toHaveURL(before); // ?g= names the new one
    await expect(p.getByTestId('generation-progress').first()).toBeVisible();
  }

  await navigate(p, 'Мои дизайны');
  const strip = p.getByRole('region', { name: 'В работе' });
  await expect(strip).toBeVisible();
  const awayEntry = strip.getByRole('link', { name: new RegExp(`^${awayPrompt}\\s*\\(2 варианта\\)`) });
  await expect(awayEntry).toHaveAttribute('href', /^\/studio\?g=[^&]+&g=[^&]+$/);
  await shoot(p, 'live-01-strip-on-gallery', testInfo);

  // Back through the menu: the studio follows the running generation again.
  await navigate(p, 'Создать дизайн');
  await p.waitForURL('**/studio');
  const progress = p.getByTestId('generation-progress').first();
  await expect(progress).toBeVisible();
  await expect(p.getByLabel('Опишите торт')).toHaveValue(awayPrompt);
  await shoot(p, 'live-02-studio-on-return', testInfo);

  // Away again: every request no page follows brings a notice with «Открыть» when it finishes. The newest
  // request comes first: the one walked away from, or the last queued one if the studio saw that finish.
  await navigate(p, 'История');
  const lastQueued = queued[queued.length - 1];
  const notices = p.getByTestId('finish-notice');
  await expect(notices.first()).toContainText(new RegExp(`${awayPrompt}|${lastQueued}`), { timeout: 2 * env.generationTimeout });
  // A notice leaves by itself after a few seconds, but not while the pointer rests on it: held here
  // while the others come in.
  await notices.first().hover();
  await expect(notices.first()).toContainText(/^(Дизайн готов|Готово 2 варианта): «/);
  await expect(p.getByTestId('announcer')).toContainText(/Дизайн готов|Готово 2 варианта/);
  // None is lost: the newest are shown (one on a phone, three elsewhere), the rest counted.
  const shown = testInfo.project.name === 'phone' ? 1 : 3;
  const rest = p.getByTestId('finish-notices-rest');
  const accounted = async () =>
    (await notices.count()) + ((await rest.count()) ? Number((await rest.textContent())?.match(/ещё (\d+)/)?.[1] ?? 0) : 0);
  await expect.poll(accounted, { timeout: env.generationTimeout }).toBeGreaterThanOrEqual(3);
  const total = await accounted();
  await expect(notices).toHaveCount(Math.min(shown, total));
  if (total > shown) await expect(rest).toContainText(/^Готово ещё \d+ дизайн/);
  // in the page's flow: they lie over none of the page's controls
  await expectOverNoControls(p.getByTestId('finish-notices'));
  await shoot(p, 'live-03-finish-notice', testInfo);
  const opened = (await notices.first().textContent())?.match(/«(.+)»/)?.[1] ?? '';
  await notices.first().getByRole('link', { name: 'Открыть' }).click();
  await p.waitForURL(/\/studio\?g=/);
  // The walked-away request opens with both its variants, the last queued one alone.
  const picture = opened === awayPrompt ? p.getByTestId('variant-image') : p.getByRole('img', { name: `Дизайн торта: ${opened}` });
  await expect(picture.first()).toBeVisible({ timeout: env.generationTimeout });
  if (opened === awayPrompt) await expect(picture).toHaveCount(2);
  await expect(notices.filter({ hasText: opened })).toHaveCount(0);
  await shoot(p, 'live-04-opened-from-notice', testInfo);
});
