// The capture.* handlers. Picking a screen or window inside the app needs the host's desktop capturer, so the
// host injects it (EngineOptions.capture, like pickFolder); without one (web shell, CLI) the renderer is told
// to let getDisplayMedia's own browser picker choose.
import { AppError } from '../../../shared/errors';
import type { CaptureSelection, CaptureSources } from '../../../shared/contracts/capture';
import type { CallContext, Handlers } from '../ipc/router';

export interface CaptureHost {
  /** Lists screens and windows with thumbnails for the window that asked (context.senderId). */
  sources(context: CallContext): Promise<CaptureSources>;
  /** Arms that window's next getDisplayMedia call with one of the listed sources. */
  select(choice: { sourceId: string; systemAudio: boolean }, context: CallContext): CaptureSelection;
}

/** The reply where the browser's own picker chooses (web shell, CLI). */
export const BROWSER_PICKER: CaptureSources = {
  picker: false,
  systemAudio: 'unsupported',
  systemAudioNote:
    'The browser asks which screen, window or tab to share when recording starts. Whether it can include system audio is up to the browser (Chromium offers it for a tab, and for the entire screen on Windows).',
  sources: [],
};

export function createCaptureHandlers(host: CaptureHost | undefined): Pick<Handlers, 'capture.sources' | 'capture.select'> {
  return {
    'capture.sources': (_request, context) => (host ? host.sources(context) : BROWSER_PICKER),
    'capture.select': (request, context) => {
      if (!host) {
        throw new AppError('INVALID_REQUEST', 'Choosing a screen inside Fieldtape works only in the desktop app. Here the browser asks when recording starts.');
      }
      return host.select(request, context);
    },
  };
}
