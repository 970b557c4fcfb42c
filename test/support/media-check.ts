// Independent checks of finished recordings: ffprobe (not the engine's own probe) and a fresh SHA-256.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { extractSegmentMedia, scanJournal } from '../../main/core/recording/journal-reader';

export interface ProbedMedia {
  durationSec: number;
  codecs: string[];
  types: string[];
  /** With countFrames: the video stream's decoded frame count (slow: reads the whole file). */
  videoFrames: number | null;
  /** `type:seconds` per stream, as the container states it. */
  streamDurations: string[];
}

export function ffprobe(file: string, countFrames = false): ProbedMedia {
  const args = ['-v', 'error', ...(countFrames ? ['-count_frames'] : []), '-show_entries', 'format=duration:stream=codec_name,codec_type,nb_read_frames,duration', '-of', 'json', file];
  const r = spawnSync('ffprobe', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`ffprobe failed on ${file}: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { format: { duration: string }; streams: Array<{ codec_name: string; codec_type: string; nb_read_frames?: string; duration?: string }> };
  const video = parsed.streams.find((s) => s.codec_type === 'video');
  return {
    durationSec: Number(parsed.format.duration),
    codecs: parsed.streams.map((s) => s.codec_name),
    types: parsed.streams.map((s) => s.codec_type),
    videoFrames: video?.nb_read_frames ? Number(video.nb_read_frames) : null,
    streamDurations: parsed.streams.map((s) => `${s.codec_type}:${s.duration}`),
  };
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Seconds of media a journal segment holds, measured independently of the engine: its valid payloads
 * concatenated, remuxed by ffmpeg, probed by ffprobe. On a loaded machine a real-time source produces
 * fewer media seconds than wall seconds, so tests compare recordings against this, not the clock.
 */
export function journalMediaSeconds(journalFile: string, workDir: string): number {
  const scan = scanJournal(journalFile);
  const raw = path.join(workDir, `journal-${path.basename(journalFile)}.mkv`);
  const remuxed = `${raw}.remuxed.mkv`;
  extractSegmentMedia(journalFile, scan, raw);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-c', 'copy', remuxed]);
  return ffprobe(remuxed).durationSec;
}

/** A PNG's size from its IHDR chunk, after checking the signature and that the file ends with IEND. */
export function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!data.subarray(0, 8).equals(signature)) throw new Error(`${file}: not a PNG (no signature)`);
  if (data.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error(`${file}: no IHDR chunk first`);
  if (data.subarray(data.length - 8, data.length - 4).toString('latin1') !== 'IEND') throw new Error(`${file}: truncated (no IEND chunk)`);
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/**
 * The share of an image's pixels that are bright blue (the waveform's colour), decoded by ffmpeg: near 0
 * for silence (a hairline), a good part of the picture for a tone or speech.
 */
export function blueShare(file: string): number {
  const rgb = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
  let blue = 0;
  for (let i = 0; i + 2 < rgb.length; i += 3) if (rgb[i + 2]! > 200 && rgb[i]! < 150) blue++;
  return blue / (rgb.length / 3);
}

/**
 * The share of one video frame's chroma samples (at `atSec`) that are reddish (Cr well above Cb), decoded
 * by ffmpeg as I420. In a session recording made with Chromium's fake cameras only a burned-in red mark is:
 * the fake camera's picture has Cb = Cr = 0 everywhere (which is why it looks green) and the names are
 * white on black. (Measured on the RGB picture instead, a thin red stroke over that green reads as olive:
 * 4:2:0 shares one chroma sample between the stroke and the pixels around it.)
 */
export function redMarkShare(file: string, atSec: number): number {
  const yuv = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-ss', String(atSec), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
  if (yuv.length === 0) throw new Error(`${file}: no video frame at ${atSec} s`);
  const chroma = yuv.length / 6; // samples per chroma plane: a quarter of the luma plane's
  const u = 4 * chroma;
  const v = 5 * chroma;
  let red = 0;
  for (let i = 0; i < chroma; i++) if (yuv[v + i]! - yuv[u + i]! > 30) red++;
  return red / chroma;
}
