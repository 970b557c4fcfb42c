// Export: the MP4 (whole, or a clip) with its manifest, into a folder, optionally with the annotation
// sidecar burned in. A whole, unannotated export is a byte copy, so the manifest's SHA-256 still matches
// it. A clip is cut with `-c copy` (no re-encode): it starts at the keyframe at or before the requested
// start, so it can begin up to one keyframe interval early. Burning in re-encodes the video (libx264):
// marks are rasterized to transparent PNGs, one per interval over which they do not change, fed to
// ffmpeg's overlay through the concat demuxer; text marks go through drawtext when a font is found.
// export.json says how every output file was derived from the recording, with their SHA-256.
import fs from 'node:fs';
import path from 'node:path';
import { AnnotationSidecarSchema, type AnnotationSidecar } from '../../../shared/domain/annotation';
import { annotationIntervals, overlayPlacement, sortedSidecarEvents, type ExportRequest, type ExportResult } from '../../../shared/domain/library';
import { MANIFEST_FILE_NAME } from '../../../shared/domain/manifest';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import { ioError, writeFileDurable } from '../fs-durable';
import { runFfmpeg } from '../media/ffmpeg-runner';
import { hashFile } from '../media/hash-file';
import { probeMedia } from '../media/probe';
import { createRaster, drawMarks, encodePng } from './annotation-raster';

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:\\Windows\\Fonts\\arialbd.ttf',
];

export interface ExportDeps {
  ffmpegPath: () => string;
  encode: () => { preset: string; crf: number };
  clock: () => Date;
}

export async function exportRecording(
  deps: ExportDeps,
  recording: RecordingSnapshot,
  request: ExportRequest,
  folder: string,
  workDir: string,
  options: { signal: AbortSignal; progress(phase: string, fraction: number): void },
): Promise<ExportResult> {
  const mp4 = recording.artifacts.find((a) => a.kind === 'mp4');
  if (!mp4 || !fs.existsSync(mp4.path)) {
    throw new AppError('NOT_FOUND', 'The MP4 of this recording is not on this computer any more (it may have been removed after delivery), so it cannot be exported.');
  }
  const duration = recording.durationSec ?? (await probeMedia(mp4.path, { ffmpegPath: deps.ffmpegPath() })).durationSec ?? 0;
  const clip = request.clip ? { start: Math.min(request.clip.startSec, duration), end: Math.min(request.clip.endSec, duration) } : null;
  if (clip && clip.end - clip.start < 0.1) throw new AppError('INVALID_REQUEST', 'The clip is empty: its end must come after its start, within the recording.');
  const notes: string[] = [];
  const sidecar = request.burnIn ? readSidecar(recording, notes) : null;
  const base = `${slug(recording.title)}-${recording.id}`;
  const suffix = `${clip ? `-clip-${Math.floor(clip.start)}-${Math.ceil(clip.end)}s` : ''}${sidecar ? '-annotated' : ''}`;
  const outName = `${base}${suffix}.mp4`;
  const outFile = path.join(folder, outName);
  const partFile = `${outFile}.part`;
  let video: ExportResult['video'];

  try {
    fs.mkdirSync(folder, { recursive: true });
    if (!clip && !sidecar) {
      options.progress('copying', 0);
      await fs.promises.copyFile(mp4.path, partFile);
      video = 'original';
    } else if (!sidecar) {
      video = 'copy';
      const span = clip!.end - clip!.start;
      await runFfmpeg(
        deps.ffmpegPath(),
        ['-ss', clip!.start.toFixed(3), '-i', mp4.path, '-t', span.toFixed(3), '-map', '0', '-c', 'copy', '-avoid_negative_ts', 'make_zero', '-movflags', '+faststart', '-f', 'mp4', partFile],
        { signal: options.signal, totalSec: span, onProgress: (s) => options.progress('cutting', s / span) },
      );
      notes.push('The clip was cut without re-encoding, so it starts at the keyframe at or before the chosen start and may begin a little early.');
    } else {
      video = 'encode';
      await burnIn(deps, mp4.path, sidecar, clip ?? { start: 0, end: duration }, !!clip, workDir, partFile, notes, options);
    }
    fs.renameSync(partFile, outFile);
  } catch (error) {
    fs.rmSync(partFile, { force: true });
    if (error instanceof AppError) throw error;
    throw ioError(error, 'exporting the recording');
  }

  options.progress('hashing', 0.99);
  const files: ExportResult['files'] = [{ name: outName, ...(await hashFile(outFile)) }];
  const manifest = recording.artifacts.find((a) => a.kind === 'manifest');
  if (manifest && fs.existsSync(manifest.path)) {
    fs.copyFileSync(manifest.path, path.join(folder, MANIFEST_FILE_NAME));
    files.push({ name: MANIFEST_FILE_NAME, ...(await hashFile(path.join(folder, MANIFEST_FILE_NAME))) });
  } else notes.push('This recording has no manifest to export.');
  if (video !== 'original') notes.push(`${outName} is derived from the recording, so its SHA-256 differs from the manifest's; export.json records how it was made.`);
  writeFileDurable(
    path.join(folder, 'export.json'),
    `${JSON.stringify(
      {
        exportedAt: deps.clock().toISOString(),
        recordingId: recording.id,
        source: { file: path.basename(mp4.path), bytes: mp4.bytes, sha256: mp4.sha256 },
        clip: clip ? { startSec: clip.start, endSec: clip.end, cut: video === 'copy' ? 'keyframe (stream copy)' : 'exact (re-encoded)' } : null,
        burnedInAnnotations: video === 'encode',
        video,
        outputs: files,
        notes,
      },
      null,
      2,
    )}\n`,
  );
  files.push({ name: 'export.json', ...(await hashFile(path.join(folder, 'export.json'))) });
  options.progress('done', 1);
  return { folder, files, video, notes };
}

function readSidecar(recording: RecordingSnapshot, notes: string[]): AnnotationSidecar | null {
  const artifact = recording.artifacts.find((a) => a.kind === 'annotations');
  if (!artifact || !fs.existsSync(artifact.path)) {
    notes.push('This recording has no annotations, so there was nothing to burn in.');
    return null;
  }
  const parsed = AnnotationSidecarSchema.safeParse(JSON.parse(fs.readFileSync(artifact.path, 'utf8')));
  if (!parsed.success) throw new AppError('CORRUPT_DATA', 'The annotations sidecar is not valid, so it cannot be burned in.');
  const placement = overlayPlacement(parsed.data);
  if (!placement.placeable) {
    notes.push(placement.reason ?? 'The marks cannot be placed on this picture.');
    return null;
  }
  return parsed.data;
}

async function burnIn(
  deps: ExportDeps,
  input: string,
  sidecar: AnnotationSidecar,
  clip: { start: number; end: number },
  isClip: boolean,
  workDir: string,
  outFile: string,
  notes: string[],
  options: { signal: AbortSignal; progress(phase: string, fraction: number): void },
): Promise<void> {
  const probe = await probeMedia(input, { ffmpegPath: deps.ffmpegPath(), signal: options.signal });
  if (!probe.video) throw new AppError('MEDIA_ERROR', 'The MP4 has no video stream to draw on.');
  const { width, height } = probe.video;
  const placement = overlayPlacement(sidecar);
  const events = sortedSidecarEvents(sidecar.events)
    .filter((e) => e.op.op !== 'add' || placement.accepts(e.op.stroke))
    .map((e) => ({ ...e, t: e.t - clip.start }));
  const span = clip.end - clip.start;
  const intervals = annotationIntervals(events.filter((e) => e.t < span), span);
  fs.mkdirSync(workDir, { recursive: true });
  options.progress('drawing marks', 0);
  const lines = ['ffconcat version 1.0'];
  const texts: Array<{ start: number; end: number; text: string; x: number; y: number; size: number; color: string }> = [];
  intervals.forEach((interval, i) => {
    const raster = createRaster(width, height);
    drawMarks(raster, interval.marks);
    const name = `marks-${String(i).padStart(5, '0')}.png`;
    fs.writeFileSync(path.join(workDir, name), encodePng(raster));
    lines.push(`file '${name}'`, `duration ${(interval.end - interval.start).toFixed(3)}`);
    for (const s of interval.marks.filter((m) => m.tool === 'text')) {
      texts.push({ start: interval.start, end: interval.end, text: s.text ?? '', x: s.points[0]![0] * width, y: s.points[0]![1] * height, size: Math.max(10, s.width * height * 6), color: s.color });
    }
  });
  // The concat demuxer needs the last file named twice for its duration to count.
  const lastFile = lines.filter((l) => l.startsWith('file ')).pop();
  if (lastFile) lines.push(lastFile);
  const list = path.join(workDir, 'marks.ffconcat');
  fs.writeFileSync(list, `${lines.join('\n')}\n`);

  let graph = '[1:v]format=rgba[marks];[0:v][marks]overlay=0:0:eof_action=pass:format=auto';
  const font = texts.length ? FONT_CANDIDATES.find((f) => fs.existsSync(f)) : undefined;
  if (texts.length && !font) notes.push(`${texts.length} text mark(s) could not be burned in: no font file was found on this computer.`);
  if (font) {
    texts.forEach((t, i) => {
      const textFile = path.join(workDir, `text-${i}.txt`);
      fs.writeFileSync(textFile, t.text);
      graph +=
        `,drawtext=fontfile='${filterPath(font)}':textfile='${filterPath(textFile)}':x=${t.x.toFixed(1)}:y=${t.y.toFixed(1)}:fontsize=${t.size.toFixed(1)}` +
        `:fontcolor=0x${t.color.slice(1)}:borderw=2:bordercolor=black@0.75:enable='between(t,${t.start.toFixed(3)},${t.end.toFixed(3)})'`;
    });
  }
  graph += ',format=yuv420p[v]';
  const { preset, crf } = deps.encode();
  await runFfmpeg(
    deps.ffmpegPath(),
    [
      ...(isClip ? ['-ss', clip.start.toFixed(3)] : []),
      '-i', input,
      '-f', 'concat', '-safe', '0', '-i', list,
      '-t', span.toFixed(3),
      '-filter_complex', graph,
      '-map', '[v]', '-map', '0:a?',
      '-c:v', 'libx264', '-preset', preset, '-crf', String(crf),
      // Audio is re-encoded too: a copied stream after an input seek leaves some ffmpeg builds writing a
      // container duration longer than the clip.
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart', '-f', 'mp4', outFile,
    ],
    { signal: options.signal, totalSec: span, onProgress: (s) => options.progress('encoding', s / span) },
  );
  notes.push('Annotations were burned in by re-encoding the video with libx264; fading marks are shown until halfway through their fade.');
  fs.rmSync(workDir, { recursive: true, force: true });
}

/** A path as a value inside a single-quoted filtergraph option (quotes and backslashes escaped). */
function filterPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/'/g, "'\\''").replace(/:/g, '\\:');
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .toLowerCase() || 'recording'
  );
}
