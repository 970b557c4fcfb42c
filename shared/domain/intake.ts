// What the renderer's MediaRecorder may send to the recording intake: WebM or Matroska carrying VP8,
// VP9 or H.264 video and Opus audio (what Chromium's MediaRecorder produces). Anything else is refused
// at the door, so finalize never meets a container it cannot handle.
import { z } from 'zod';

export const INTAKE_MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * At most this many chunks of one recording may be on their way to the disk at once. The engine refuses
 * more (code BUSY); the renderer's uploader never sends more, retries included, so it never meets that.
 */
export const MAX_CHUNKS_IN_FLIGHT = 8;

const CONTAINERS = new Set(['video/webm', 'video/x-matroska', 'audio/webm']);
const CODECS = new Set(['vp8', 'vp9', 'vp09', 'h264', 'avc1', 'opus']);

export function parseIntakeMime(mime: string): { container: string; codecs: string[] } | null {
  const [type, ...params] = mime.split(';').map((p) => p.trim());
  if (!type || !CONTAINERS.has(type.toLowerCase())) return null;
  let codecs: string[] = [];
  for (const param of params) {
    const match = /^codecs\s*=\s*"?([^"]*)"?$/i.exec(param);
    if (!match) return null;
    codecs = match[1]!.split(',').map((c) => c.trim().toLowerCase().split('.')[0]!).filter(Boolean);
  }
  if (!codecs.every((c) => CODECS.has(c))) return null;
  return { container: type.toLowerCase(), codecs };
}

export const IntakeMimeSchema = z
  .string()
  .max(200)
  .refine((m) => parseIntakeMime(m) !== null, 'expected video/webm or video/x-matroska with vp8, vp9 or h264 video and opus audio');

/** The EBML magic that starts every WebM/Matroska stream: the first chunk of a segment must carry it. */
export const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3] as const;

export function startsWithEbmlHeader(data: Uint8Array): boolean {
  return EBML_MAGIC.every((byte, i) => data[i] === byte);
}
