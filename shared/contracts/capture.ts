// The capture.* channels: choosing a screen or window (and system audio) in the app before getDisplayMedia.
//
// In Electron the shell lists desktopCapturer sources with small thumbnails, and `capture.select` arms the
// window's next getDisplayMedia call with the chosen one (main/electron/display-media.ts). The web shell and
// the CLI have no such picker: they answer `picker: false` and the renderer calls getDisplayMedia, whose
// browser picker does the choosing.
import { z } from 'zod';
import { request } from './request';

/** Longest thumbnail data URL a source may carry (a 256 px wide PNG of a screen is well below it). */
export const MAX_THUMBNAIL_CHARS = 200_000;
/** At most this many sources are listed (screens first, then windows). */
export const MAX_CAPTURE_SOURCES = 64;

export const CaptureSourceIdSchema = z.string().min(1).max(256);

export const CaptureSourceSchema = z.object({
  /** desktopCapturer's id ("screen:1:0", "window:1234:0"): what `capture.select` names. */
  id: CaptureSourceIdSchema,
  name: z.string().max(512),
  kind: z.enum(['screen', 'window']),
  /** A small PNG as a data URL; null when the OS gave none (a minimised window, no permission yet). */
  thumbnail: z
    .string()
    .max(MAX_THUMBNAIL_CHARS)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/, 'not a PNG data URL')
    .nullable(),
});
export type CaptureSource = z.infer<typeof CaptureSourceSchema>;

export const SystemAudioSupportSchema = z.enum(['loopback', 'unsupported']);
export type SystemAudioSupport = z.infer<typeof SystemAudioSupportSchema>;

export const CaptureSourcesSchema = z.object({
  /** true: show the app's own picker and call `capture.select`; false: let getDisplayMedia's picker choose. */
  picker: z.boolean(),
  /** 'loopback': the shell can add the computer's sound to a screen capture (Windows, macOS 13+). */
  systemAudio: SystemAudioSupportSchema,
  /** Says plainly why system audio is or is not available here, for the Record screen to show. */
  systemAudioNote: z.string(),
  sources: z.array(CaptureSourceSchema).max(MAX_CAPTURE_SOURCES),
});
export type CaptureSources = z.infer<typeof CaptureSourcesSchema>;

export const CaptureSelectionSchema = z.object({
  sourceId: CaptureSourceIdSchema,
  /** Whether system audio will be added (false where the OS cannot, even if asked). */
  systemAudio: z.boolean(),
  /** The choice applies to this window's next getDisplayMedia call before this time, once. */
  expiresAt: z.string(),
});
export type CaptureSelection = z.infer<typeof CaptureSelectionSchema>;

export const CAPTURE_REQUESTS = {
  /** The screens and windows the app's picker can offer, or `picker: false` where the browser picks. */
  'capture.sources': request(z.object({}).strict(), CaptureSourcesSchema),
  /** Arms this window's next getDisplayMedia with a source `capture.sources` listed (expires after one use). */
  'capture.select': request(
    z.object({ sourceId: CaptureSourceIdSchema, systemAudio: z.boolean() }).strict(),
    CaptureSelectionSchema,
  ),
} as const;
