import { resumeSoloRecordingAtLaunch } from './features/record/solo-recorder';
import { resumeRecordingAtLaunch } from './features/session/session-runtime';
import './styles.css';

// First, before the app is even loaded: a recording interrupted by a crash or reload starts again now.
// After a crash, every millisecond before the recorders run is media the file lacks (docs/sessions.md).
resumeRecordingAtLaunch();
resumeSoloRecordingAtLaunch();

void import('./render-app').then(({ renderApp }) => renderApp());
