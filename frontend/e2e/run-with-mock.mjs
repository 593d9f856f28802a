// Runs the browser scenario against the in-memory mock API (frontend-only development).
//   npm run build && npm run e2e:mock
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockServer } from './mock-server/server.mjs';
import { runE2E } from './run.mjs';

const frontendDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const adminEmail = 'admin@tortodelova.local';
const adminPassword = 'admin-password-1';
const server = createMockServer({ distDir: resolve(frontendDir, 'dist'), adminEmail, adminPassword, stepMs: 150 });
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const { port } = server.address();
console.log(`mock API on http://127.0.0.1:${port}`);
let ok = false;
try {
  ok = await runE2E({ baseUrl: `http://127.0.0.1:${port}`, adminEmail, adminPassword });
} finally {
  server.closeAllConnections();
  server.close();
}
process.exit(ok ? 0 : 1);
