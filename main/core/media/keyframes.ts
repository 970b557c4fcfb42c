// Where a file's video keyframes are. An accurate seek decodes from the keyframe before the target, so
// this decides whether seeking to N points is cheaper than one decode of the whole file (MediaRecorder
// output may have a single keyframe at the start). Reads packets only; nothing is decoded.
import { runProcess } from './child-process';

export interface KeyframeOptions {
  ffmpegPath: string;
  ffprobePath: string | null;
  signal?: AbortSignal;
}

/** Presentation times (seconds) of the first video stream's keyframes, ascending; null if unreadable. */
export async function listKeyframeTimes(filePath: string, options: KeyframeOptions): Promise<number[] | null> {
  const signal = options.signal ? { signal: options.signal } : {};
  if (options.ffprobePath) {
    const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time,flags', '-of', 'csv=p=0', filePath];
    const run = await runProcess(options.ffprobePath, args, { captureStdout: true, ...signal });
    return run.code === 0 ? parseFfprobePackets(run.stdout) : null;
  }
  const args = ['-hide_banner', '-nostdin', '-i', filePath, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-'];
  const run = await runProcess(options.ffmpegPath, args, { captureStdout: true, ...signal });
  return run.code === 0 ? parseFramecrc(run.stdout) : null;
}

/** Lines "0.014000,0.014000,K_" (pts_time, dts_time, flags; either time may be N/A). */
export function parseFfprobePackets(text: string): number[] {
  const times: number[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(',');
    if (!fields[fields.length - 1]?.includes('K')) continue;
    const time = fields.slice(0, -1).map(Number).find((n) => Number.isFinite(n));
    if (time !== undefined) times.push(time);
  }
  return times.sort((a, b) => a - b);
}

/**
 * framecrc: "#tb 0: 1/16000" then "0, dts, pts, duration, size, crc[, F=0x..]". The F field appears only
 * when the flags are not exactly "keyframe", so a line without it is a keyframe.
 */
export function parseFramecrc(text: string): number[] {
  const tb = /^#tb 0: (\d+)\/(\d+)/m.exec(text);
  const scale = tb ? Number(tb[1]) / Number(tb[2]) : 1;
  const times: number[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 6 || fields[0] !== '0') continue;
    const flags = fields.find((f) => f.startsWith('F='));
    const key = flags === undefined || (parseInt(flags.slice(2), 16) & 1) === 1;
    if (key) times.push(Number(fields[2]) * scale);
  }
  return times.sort((a, b) => a - b);
}

/** Seconds of video an accurate seek to each target must decode (from the keyframe at or before it). */
export function seekDecodeCost(keyframes: number[], targets: number[]): number {
  let total = 0;
  for (const target of targets) {
    let before = 0;
    for (const k of keyframes) {
      if (k > target) break;
      before = k;
    }
    total += target - before;
  }
  return total;
}
