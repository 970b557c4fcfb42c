// What an ffmpeg build can do. Finalize needs libx264 and aac; libvpx and libopus matter for ffmpeg-based
// capture. Reported by `fieldtape doctor` so a support request starts with the facts.
import { AppError } from '../../../shared/errors';
import { runProcess } from './child-process';

export const KEY_ENCODERS = ['libx264', 'aac', 'libvpx', 'libopus', 'mjpeg'] as const;
export type KeyEncoder = (typeof KEY_ENCODERS)[number];
/** Without these an MP4 (H.264 + AAC) and the JPEGs cannot be produced. */
export const REQUIRED_ENCODERS: readonly KeyEncoder[] = ['libx264', 'aac', 'mjpeg'];

export interface FfmpegDescription {
  path: string;
  /** The token after "version", e.g. "5.1.9-0+deb12u1" or "N-47683-g0e8eb07980-static". */
  version: string;
  versionLine: string;
  /** libavformat's version: comparable across release and git-snapshot builds. */
  libavformat: string | null;
  encoders: string[];
  has: Record<KeyEncoder, boolean>;
  /** Required encoders this build lacks; empty when finalize can work. */
  missing: KeyEncoder[];
}

export async function describeFfmpeg(ffmpegPath: string, signal?: AbortSignal): Promise<FfmpegDescription> {
  const opts = { captureStdout: true, ...(signal ? { signal } : {}) };
  const versionRun = await runProcess(ffmpegPath, ['-hide_banner', '-version'], opts);
  if (versionRun.code !== 0) {
    throw new AppError('MEDIA_ERROR', `${ffmpegPath} does not run as ffmpeg (exit code ${versionRun.code}).`, versionRun.stderrTail.join('\n'));
  }
  const encodersRun = await runProcess(ffmpegPath, ['-hide_banner', '-encoders'], opts);
  const version = parseVersionOutput(versionRun.stdout);
  const encoders = parseEncoderList(encodersRun.stdout);
  const has = Object.fromEntries(KEY_ENCODERS.map((name) => [name, encoders.includes(name)])) as Record<KeyEncoder, boolean>;
  return {
    path: ffmpegPath,
    ...version,
    encoders,
    has,
    missing: REQUIRED_ENCODERS.filter((name) => !has[name]),
  };
}

/** `ffprobe -version` (or ffmpeg's): the version token only. */
export async function toolVersion(binary: string, signal?: AbortSignal): Promise<string | null> {
  const run = await runProcess(binary, ['-hide_banner', '-version'], { captureStdout: true, ...(signal ? { signal } : {}) });
  return run.code === 0 ? parseVersionOutput(run.stdout).version : null;
}

export function parseVersionOutput(text: string): Pick<FfmpegDescription, 'version' | 'versionLine' | 'libavformat'> {
  const versionLine = text.split('\n').find((line) => /\bversion\s/.test(line))?.trim() ?? '';
  const version = /\bversion\s+(\S+)/.exec(versionLine)?.[1] ?? 'unknown';
  const libavformat = /^libavformat\s+(\d+)\.\s*(\d+)\.\s*(\d+)/m.exec(text);
  return { version, versionLine, libavformat: libavformat ? `${libavformat[1]}.${libavformat[2]}.${libavformat[3]}` : null };
}

/** Lines like " V....D libx264   libx264 H.264 / AVC ..." after the legend's "------" separator. */
export function parseEncoderList(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^\s*-{3,}\s*$/.test(line));
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*[VAS][A-Z.]{5}\s+(\S+)/.exec(line);
    if (match) names.push(match[1]!);
  }
  return names;
}
