// The app's own screen/window picker, Electron side: `capture.sources` lists desktopCapturer sources with
// small thumbnails, `capture.select` arms the calling window's next getDisplayMedia with one of them, and
// the window factory's display-media handler hands it over (with loopback system audio where the OS has it).
// The bookkeeping (listed ids, one-shot expiring choices) is the pure SourceChoices in main/core/capture.
import { BrowserWindow, desktopCapturer, webContents, type DesktopCapturerSource, type Streams } from 'electron';
import { AppError } from '../../shared/errors';
import { MAX_CAPTURE_SOURCES, MAX_THUMBNAIL_CHARS, type CaptureSource } from '../../shared/contracts/capture';
import type { CaptureHost } from '../core/capture/capture-host';
import type { SourceChoices } from '../core/capture/source-choices';
import type { SystemAudioSupportInfo } from '../core/shell/platform-support';
import type { Logger } from '../core/log';
import { primaryScreen, type DisplayMediaChooser } from './window-factory';

/** Thumbnails are for recognising a screen or window, not for viewing: 256 px wide at most (a PNG of tens of KB). */
const THUMBNAIL_SIZE = { width: 256, height: 160 };

export interface DesktopCaptureDeps {
  choices: SourceChoices;
  systemAudio: SystemAudioSupportInfo;
  log: Pick<Logger, 'warn'>;
}

export function createDesktopCaptureHost({ choices, systemAudio, log }: DesktopCaptureDeps): CaptureHost {
  const watched = new Set<number>();
  const forgetWhenClosed = (id: number) => {
    if (watched.has(id)) return;
    const contents = webContents.fromId(id);
    if (!contents) return;
    watched.add(id);
    contents.once('destroyed', () => {
      watched.delete(id);
      choices.forget(id);
    });
  };
  const callerOf = (senderId: number | undefined): number => {
    if (senderId === undefined) throw new AppError('INVALID_REQUEST', 'The screen picker answers only Fieldtape\'s own windows.');
    return senderId;
  };

  return {
    async sources(context) {
      const windowId = callerOf(context.senderId);
      let found: DesktopCapturerSource[];
      try {
        found = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: false });
      } catch (error) {
        log.warn('desktopCapturer.getSources failed', { error: String(error) });
        throw new AppError(
          'IO_ERROR',
          'Fieldtape could not list the screens and windows. On macOS, allow Fieldtape under System Settings › Privacy & Security › Screen & System Audio Recording, then restart it.',
        );
      }
      // The app's own windows are left out: while recording they are kept out of captures (content
      // protection), so choosing one would record a black rectangle.
      const own = new Set(BrowserWindow.getAllWindows().map((w) => w.getMediaSourceId()));
      const sources = found
        .filter((s) => !own.has(s.id))
        .sort((a, b) => Number(b.id.startsWith('screen:')) - Number(a.id.startsWith('screen:')))
        .slice(0, MAX_CAPTURE_SOURCES)
        .map(toCaptureSource);
      choices.offer(windowId, sources.map((s) => s.id));
      forgetWhenClosed(windowId);
      return { picker: true, systemAudio: systemAudio.support, systemAudioNote: systemAudio.note, sources };
    },
    select(choice, context) {
      const armed = choices.select(callerOf(context.senderId), choice.sourceId, choice.systemAudio && systemAudio.support === 'loopback');
      return { sourceId: armed.sourceId, systemAudio: armed.systemAudio, expiresAt: armed.expiresAt.toISOString() };
    },
  };
}

function toCaptureSource(source: DesktopCapturerSource): CaptureSource {
  return {
    id: source.id,
    name: source.name.slice(0, 512),
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
    thumbnail: thumbnailOf(source),
  };
}

function thumbnailOf(source: DesktopCapturerSource): string | null {
  if (source.thumbnail.isEmpty()) return null;
  // The OS may hand back a larger image than asked for on a high-DPI screen.
  const image = source.thumbnail.getSize().width > THUMBNAIL_SIZE.width ? source.thumbnail.resize({ width: THUMBNAIL_SIZE.width }) : source.thumbnail;
  const url = image.toDataURL();
  return url.startsWith('data:image/png;base64,') && url.length <= MAX_THUMBNAIL_CHARS ? url : null;
}

/**
 * What a getDisplayMedia call gets: the source its window chose with `capture.select` (once, if still
 * fresh), else the primary screen. System audio only when chosen, asked for by the page, and available.
 */
export function chooseDisplayMedia({ choices, systemAudio, log }: DesktopCaptureDeps): DisplayMediaChooser {
  return async (request) => {
    const contents = request.frame ? webContents.fromFrame(request.frame) : undefined;
    const choice = contents ? choices.take(contents.id) : null;
    if (!choice) return primaryScreen(request);
    const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } });
    const video = sources.find((s) => s.id === choice.sourceId);
    if (!video) {
      // The chosen window closed in between: refusing beats silently recording something else.
      log.warn('chosen capture source is gone', { sourceId: choice.sourceId });
      return {};
    }
    const streams: Streams = { video };
    if (choice.systemAudio && request.audioRequested && systemAudio.support === 'loopback') streams.audio = 'loopback';
    return streams;
  };
}
