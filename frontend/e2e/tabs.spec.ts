// Several tabs of one browser opened at the same moment (a restored session): each starts without an
// access token and refreshes through the shared cookie. They must all stay signed in, and no two of
// them may present the same refresh cookie (the Web Lock hands the rotated cookie to the next tab;
// the server's grace window is only the fallback for browsers without Web Locks).
import { expect, test, type Request } from '@playwright/test';
import { consoleErrors, watchErrors } from './support';

test('three tabs opened at once stay signed in and never present a spent cookie', async ({ browser }, testInfo) => {
  const { baseURL, viewport, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, viewport, locale, timezoneId });
  await watchErrors(context);
  const errorsBefore = consoleErrors.length;
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `tabs-${stamp}-${testInfo.project.name}@example.com`;
  const password = `tabs-password-${stamp}`;
  try {
    expect((await context.request.post('/api/auth/register', { data: { email, password } })).ok()).toBe(true);
    const first = await context.newPage();
    await first.goto('/login');
    await first.getByLabel('Email').fill(email);
    await first.getByLabel('Пароль', { exact: true }).fill(password);
    await first.getByRole('button', { name: 'Войти' }).click();
    await first.waitForURL('**/studio');
    await first.close(); // the cookie and the session hint stay in the context, no tab holds a token

    const refreshes: Request[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/auth/refresh') refreshes.push(request);
    });
    const tabs = await Promise.all([0, 1, 2].map(() => context.newPage()));
    await Promise.all(tabs.map((tab) => tab.goto('/studio')));
    for (const tab of tabs) {
      await expect(tab.getByRole('heading', { name: 'Создать дизайн' })).toBeVisible();
      expect(new URL(tab.url()).pathname).toBe('/studio');
    }

    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    const answers = await Promise.all(refreshes.map(async (request) => (await request.response())?.status()));
    expect(answers.every((status) => status === 200)).toBe(true);
    const cookies = await Promise.all(refreshes.map(async (request) => (await request.allHeaders()).cookie ?? ''));
    expect(new Set(cookies).size, 'a refresh cookie was presented twice').toBe(cookies.length);

    // Each tab still works after the concurrent start: a reload refreshes once more and stays in.
    await tabs[1].reload();
    await expect(tabs[1].getByRole('heading', { name: 'Создать дизайн' })).toBeVisible();
    const violations = consoleErrors.slice(errorsBefore).filter((e) => /CSP violation|Content Security Policy/.test(e));
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  } finally {
    await context.close();
  }
});
