// Turns a recording's journal back into media files, one per segment, reporting every problem found.
// Segments whose header chunk is lost cannot be decoded and are skipped (reported); everything else is
// salvaged, either whole or, if a container cannot survive a hole, up to the first missing chunk.
import fs from 'node:fs';
import path from 'node:path';
import { segmentMetaFileName } from './journal-format';
import { extractSegmentMedia, scanJournal, type JournalProblem, type JournalScan } from './journal-reader';
import type { SegmentMeta } from './segment-writer';

export interface JournalSegment {
  meta: SegmentMeta;
  file: string;
  scan: JournalScan;
}

export interface SalvageReport {
  segment: number;
  problems: JournalProblem[];
}

export function readJournalSegments(journalDir: string): JournalSegment[] {
  if (!fs.existsSync(journalDir)) return [];
  const segments: JournalSegment[] = [];
  for (const name of fs.readdirSync(journalDir).sort()) {
    const match = /^segment-(\d{6})\.ftj$/.exec(name);
    if (!match) continue;
    const number = Number(match[1]);
    const metaFile = path.join(journalDir, segmentMetaFileName(number));
    let meta: SegmentMeta;
    try {
      meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as SegmentMeta;
    } catch {
      // The meta file is written (durably) before the journal; without it, assume a WebM segment.
      meta = { segment: number, mime: 'video/webm', reason: 'unknown', startedAt: new Date(0).toISOString() };
    }
    const file = path.join(journalDir, name);
    segments.push({ meta, file, scan: scanJournal(file) });
  }
  return segments;
}

export function extensionForMime(mime: string): string {
  if (/matroska|mkv/i.test(mime)) return 'mkv';
  if (/mp4/i.test(mime)) return 'mp4';
  if (/quicktime/i.test(mime)) return 'mov';
  return 'webm';
}

/** Writes each decodable segment to workDir and returns their paths in order. */
export function salvageSegments(
  segments: JournalSegment[],
  workDir: string,
  prefixOnly: boolean,
): { files: string[]; reports: SalvageReport[]; hadHoles: boolean } {
  fs.mkdirSync(workDir, { recursive: true });
  const files: string[] = [];
  const reports: SalvageReport[] = [];
  let hadHoles = false;
  for (const segment of segments) {
    const problems = segment.scan.problems;
    if (problems.length > 0) reports.push({ segment: segment.meta.segment, problems });
    if (segment.scan.records.length === 0 || problems.some((p) => p.kind === 'missing-header')) continue;
    if (problems.some((p) => p.kind === 'gap')) hadHoles = true;
    const out = path.join(workDir, `segment-${segment.meta.segment}.${extensionForMime(segment.meta.mime)}`);
    const { chunks } = extractSegmentMedia(segment.file, segment.scan, out, prefixOnly);
    if (chunks > 0) files.push(out);
  }
  return { files, reports, hadHoles };
}
