// `fieldtape doctor`: which ffmpeg (and ffprobe) Fieldtape would use, where it came from, and whether it
// can produce what finalize needs. The first thing support asks for when a recording does not finalize.
import { describeFfmpeg, toolVersion, type FfmpegDescription } from '../../core/media/ffmpeg-describe';
import { resolveFfmpeg, resolveFfprobe, type ResolvedFfmpeg, type ResolvedFfprobe } from '../../core/media/ffmpeg-locator';
import { AppError } from '../../../shared/errors';
import type { CliCommand } from '../command';

interface DoctorReport {
  ok: boolean;
  ffmpeg: (ResolvedFfmpeg & Omit<FfmpegDescription, 'path'>) | null;
  ffprobe: (ResolvedFfprobe & { version: string | null }) | null;
  problems: string[];
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'fieldtape doctor [--json]',
  summary: 'check the ffmpeg and ffprobe Fieldtape uses (path, source, version, encoders)',
  needsEngine: false,
  async run(_args, io) {
    const report = await diagnose();
    io.result(report, humanReport(report));
    return report.ok ? 0 : 1;
  },
};

async function diagnose(): Promise<DoctorReport> {
  const problems: string[] = [];
  let resolved: ResolvedFfmpeg;
  try {
    resolved = resolveFfmpeg();
  } catch (error) {
    return { ok: false, ffmpeg: null, ffprobe: null, problems: [messageOf(error)] };
  }

  let ffmpeg: DoctorReport['ffmpeg'] = null;
  try {
    const { path: _path, ...description } = await describeFfmpeg(resolved.path);
    ffmpeg = { ...resolved, ...description };
    if (description.missing.length > 0) {
      problems.push(`This ffmpeg lacks the ${description.missing.join(', ')} encoder(s) finalize needs; use a full build (FFMPEG_PATH).`);
    }
  } catch (error) {
    problems.push(messageOf(error));
  }

  let ffprobe: DoctorReport['ffprobe'] = null;
  try {
    const found = resolveFfprobe(resolved.path);
    if (found) ffprobe = { ...found, version: await toolVersion(found.path) };
  } catch (error) {
    // ffprobe is optional, but a broken FFPROBE_PATH is still worth fixing.
    problems.push(messageOf(error));
  }
  return { ok: ffmpeg !== null && problems.length === 0, ffmpeg, ffprobe, problems };
}

function humanReport(report: DoctorReport): string {
  const lines: string[] = [];
  const { ffmpeg, ffprobe } = report;
  if (ffmpeg) {
    lines.push(
      `ffmpeg:   ${ffmpeg.path}`,
      `  source:   ${ffmpeg.source}`,
      `  version:  ${ffmpeg.version}${ffmpeg.libavformat ? ` (libavformat ${ffmpeg.libavformat})` : ''}`,
      `  encoders: ${Object.entries(ffmpeg.has).map(([name, present]) => `${name} ${present ? 'yes' : 'NO'}`).join(', ')}`,
      `            (${ffmpeg.encoders.length} encoders in total)`,
    );
  } else {
    lines.push('ffmpeg:   not usable');
  }
  lines.push(
    ffprobe
      ? `ffprobe:  ${ffprobe.path}\n  source:   ${ffprobe.source}\n  version:  ${ffprobe.version ?? 'unknown (it did not run)'}`
      : 'ffprobe:  not found (optional: media is probed by parsing `ffmpeg -i` instead)',
  );
  for (const problem of report.problems) lines.push(`problem:  ${problem}`);
  lines.push(report.ok ? 'OK: recordings can be finalized.' : 'NOT OK: recordings cannot be finalized until the problems above are fixed.');
  return lines.join('\n');
}

function messageOf(error: unknown): string {
  return error instanceof AppError || error instanceof Error ? error.message : String(error);
}
