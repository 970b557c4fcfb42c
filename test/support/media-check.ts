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
