import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Global styles first so feature stylesheets (imported by the pages) come later and can refine them.
import './styles/base.css';
import './styles/primitives.css';
import { App } from './app/App';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
