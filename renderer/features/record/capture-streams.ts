// Getting the media a solo recording needs from the browser: the screen (getDisplayMedia; in Electron the
// shell's display-media handler answers it with the source picked on the Record screen), a camera and a
// microphone (getUserMedia with the chosen devices). Errors become sentences that say what to do.
import { layoutNeeds, type SoloLayout } from './solo-layout';

export interface CaptureChoice {
  layout: SoloLayout;
  cameraId: string | null;
  /** Record a microphone (always, for audio only); microphoneId null means the system's default one. */
  microphone: boolean;
  microphoneId: string | null;
  /** Ask for the system's (or the shared tab's) sound with the screen, where the platform offers it. */
  systemAudio: boolean;
}

export interface CapturedMedia {
  screen: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  systemAudio: MediaStreamTrack | null;
  stopAll(): void;
}

/** The screen is captured at up to 1080p 30 fps: the recording's own size, and what a laptop can encode. */
const SCREEN_CONSTRAINTS: MediaTrackConstraints = { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 30, max: 30 } };
const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

export function cameraConstraints(deviceId: string | null): MediaTrackConstraints {
  return { ...CAMERA_CONSTRAINTS, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
}

export function microphoneConstraints(deviceId: string | null): MediaTrackConstraints {
  return { echoCancellation: true, noiseSuppression: true, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
}

export async function captureMedia(choice: CaptureChoice, devices: MediaDevices = navigator.mediaDevices): Promise<CapturedMedia> {
  const needs = layoutNeeds(choice.layout);
  const tracks: MediaStreamTrack[] = [];
  const media: CapturedMedia = {
    screen: null,
    camera: null,
    microphone: null,
    systemAudio: null,
    stopAll: () => tracks.forEach((t) => t.stop()),
  };
  try {
    if (needs.screen) {
      const display = await asked('screen', () => devices.getDisplayMedia({ video: SCREEN_CONSTRAINTS, audio: choice.systemAudio }));
      tracks.push(...display.getTracks());
      media.screen = display.getVideoTracks()[0] ?? null;
      media.systemAudio = display.getAudioTracks()[0] ?? null;
      if (!media.screen) throw new Error('The screen share gave no picture. Choose a screen or a window and try again.');
      media.screen.contentHint = 'detail';
    }
    if (needs.camera) {
      const camera = await asked('camera', () => devices.getUserMedia({ video: cameraConstraints(choice.cameraId) }));
      tracks.push(...camera.getTracks());
      media.camera = camera.getVideoTracks()[0] ?? null;
    }
    if (choice.microphone || needs.audioOnly) {
      const mic = await asked('microphone', () => devices.getUserMedia({ audio: microphoneConstraints(choice.microphoneId) }));
      tracks.push(...mic.getTracks());
      media.microphone = mic.getAudioTracks()[0] ?? null;
    }
  } catch (error) {
    media.stopAll();
    throw error;
  }
  return media;
}

async function asked<T>(what: 'screen' | 'camera' | 'microphone', get: () => Promise<T>): Promise<T> {
  try {
    return await get();
  } catch (error) {
    throw new Error(describeMediaError(what, error));
  }
}

export function describeMediaError(what: 'screen' | 'camera' | 'microphone', error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const device = what === 'screen' ? 'screen sharing' : `the ${what}`;
  switch (name) {
    case 'NotAllowedError':
      return what === 'screen'
        ? 'Screen sharing was cancelled or is not allowed. Click Record again and choose a screen or a window.'
        : `Fieldtape may not use ${device}. Allow it in the system's privacy settings, then try again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `The chosen ${what} was not found. Check that it is connected, or choose another one.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${what} is in use by another application or stopped responding. Close the other application and try again.`;
    default:
      return `Could not start ${device}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * After a camera or microphone was unplugged or reset (its track ended): the same choice again, for the
 * ended tracks only. The screen is never asked for again here: the user ending the share stops the
 * recording instead.
 */
export async function replaceEndedTracks(media: CapturedMedia, choice: CaptureChoice, devices: MediaDevices = navigator.mediaDevices): Promise<CapturedMedia> {
  const ended = (t: MediaStreamTrack | null) => t !== null && t.readyState === 'ended';
  const next: CapturedMedia = { ...media };
  const added: MediaStreamTrack[] = [];
  if (ended(media.camera)) {
    const camera = await asked('camera', () => devices.getUserMedia({ video: cameraConstraints(null) }).catch(() => devices.getUserMedia({ video: cameraConstraints(choice.cameraId) })));
    next.camera = camera.getVideoTracks()[0] ?? null;
    added.push(...camera.getTracks());
  }
  if (ended(media.microphone)) {
    const mic = await asked('microphone', () => devices.getUserMedia({ audio: microphoneConstraints(null) }));
    next.microphone = mic.getAudioTracks()[0] ?? null;
    added.push(...mic.getTracks());
  }
  next.stopAll = () => {
    media.stopAll();
    added.forEach((t) => t.stop());
  };
  return next;
}
