// Browser tests (@playwright/test) of the built SPA, driving the system's Chromium
// (`npx playwright install` is not used). See e2e/README section in ../README.md for the variables.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const mock = process.env.E2E_MOCK === '1';
const MOCK_PORT = Number(process.env.MOCK_PORT ?? 8765);
if (mock) {
  // The mock API seeds this admin; the spec reads the same variables.
  process.env.E2E_BASE_URL ??= `http://127.0.0.1:${MOCK_PORT}`;
  process.env.E2E_ADMIN_EMAIL ??= 'admin@tortodelova.local';
  process.env.E2E_ADMIN_PASSWORD ??= 'admin-password-1';
}

/** E2E_CHROMIUM, else `chromium` on PATH (Debian's package). */
function chromiumPath(): string {
  if (process.env.E2E_CHROMIUM) return process.env.E2E_CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium not found: apt-get install chromium, or set E2E_CHROMIUM');
  }
}

export default defineConfig({
  testDir: 'e2e',
  // One scenario per project, its steps in order; the two projects run one after the other.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: Number(process.env.E2E_TIMEOUT_MS ?? 180_000) + 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT ?? resolve('test-results', 'report.json') }]],
  use: {
    baseURL: (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, ''),
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    actionTimeout: 15_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 900 } } },
    { name: 'phone', use: { viewport: { width: 390, height: 844 } } },
  ],
  webServer: mock
    ? {
        command: `node e2e/mock-server/server.mjs --port ${MOCK_PORT}`,
        url: `http://127.0.0.1:${MOCK_PORT}/api/styles`,
        reuseExistingServer: false,
      }
    : undefined,
});
