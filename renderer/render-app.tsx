// The React app. Loaded by main.tsx only after an interrupted recording has resumed, so that React,
// react-dom and every page's code are neither parsed nor run before the recorders are going again.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

export function renderApp(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
