import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { clearSession } from '../api/session';

// jsdom does not scroll (its scrollTo only reports «not implemented»): the app's scroll restoration
// calls it on every page change. Tests that follow the scroll position spy on it.
window.scrollTo = (() => {}) as typeof window.scrollTo;

afterEach(() => {
  cleanup();
  clearSession();
  localStorage.clear();
});
