// Parses the input summary `ffmpeg -i FILE` prints: the fallback probe when no ffprobe is installed.
// The format has been stable for a decade, e.g.
//   Input #0, matroska,webm, from 'x.webm':
//     Duration: 00:00:04.02, start: -0.007000, bitrate: 1089 kb/s
//       Stream #0:0: Video: vp8, yuv420p(progressive), 640x360, SAR 1:1 DAR 16:9, 30 fps, 30 tbr, 1k tbn
//       Stream #0:1(eng): Audio: opus, 48000 Hz, stereo, fltp (default)
import type { AudioStreamInfo, MediaProbe, VideoStreamInfo } from './media-info';

const LAYOUT_CHANNELS: Record<string, number> = {
  mono: 1,
  stereo: 2,
  '2.1': 3,
  '3.0': 3,
  quad: 4,
  '4.0': 4,
  '5.0': 5,
  '5.1': 6,
  '6.1': 7,
  '7.1': 8,
};

/** Null when the text holds no input summary (ffmpeg could not open the file). */
export function parseFfmpegInfo(text: string): MediaProbe | null {
  const input = /^Input #0, (.+?), from /m.exec(text);
  if (!input) return null;
  let video: VideoStreamInfo | null = null;
  let audio: AudioStreamInfo | null = null;
  for (const match of text.matchAll(/^\s*Stream #0:\d+\S*: (Video|Audio): (.+)$/gm)) {
    const fields = splitTopLevel(match[2]!);
    if (match[1] === 'Video' && !video && !/attached pic/.test(match[2]!)) video = parseVideo(fields);
    if (match[1] === 'Audio' && !audio) audio = parseAudio(fields);
  }
  const duration = /^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/m.exec(text);
  const durationSec = duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : null;
  return { durationSec: durationSec && durationSec > 0 ? durationSec : null, formatName: input[1]!, video, audio };
}

function parseVideo(fields: string[]): VideoStreamInfo {
  const size = fields.map((f) => /^(\d+)x(\d+)/.exec(f)).find(Boolean);
  const fps = fields.map((f) => /^([\d.]+)(k?) fps$/.exec(f)).find(Boolean) ?? fields.map((f) => /^([\d.]+)(k?) tbr$/.exec(f)).find(Boolean);
  const pixFmt = fields[1] && /^[a-z0-9_]+(\(|$)/.test(fields[1]) && !/^\d/.test(fields[1]) ? fields[1].replace(/\(.*$/, '') : null;
  return {
    codec: codecName(fields[0]),
    width: size ? Number(size[1]) : 0,
    height: size ? Number(size[2]) : 0,
    fps: fps ? Number(fps[1]) * (fps[2] ? 1000 : 1) : null,
    pixFmt,
  };
}

function parseAudio(fields: string[]): AudioStreamInfo {
  const rate = fields.map((f) => /^(\d+) Hz$/.exec(f)).find(Boolean);
  const layout = fields[2]?.replace(/\(.*$/, '') ?? '';
  const counted = /^(\d+) channels$/.exec(layout);
  return {
    codec: codecName(fields[0]),
    sampleRate: rate ? Number(rate[1]) : 0,
    channels: counted ? Number(counted[1]) : (LAYOUT_CHANNELS[layout] ?? 0),
  };
}

/** "h264 (High) (avc1 / 0x31637661)" → "h264". */
function codecName(field: string | undefined): string {
  return field?.split(' ')[0] ?? 'unknown';
}

/** Splits on commas that are not inside parentheses: "yuv420p(tv, bt709)" stays one field. */
function splitTopLevel(text: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      fields.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) fields.push(current.trim());
  return fields;
}
