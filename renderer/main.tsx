import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { resumeRecordingAtLaunch } from './features/session/session-runtime';
import './styles.css';

// First, before rendering anything: a recording interrupted by a crash or reload starts again now.
resumeRecordingAtLaunch();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
