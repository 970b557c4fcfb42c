// What a delivery sends, in which order, under which keys. The order is the seeds' push order with the
// manifest as the commit point: the MP4 first (it is what the customer needs most), then the raw recording
// (if the profile asks for it), snapshot, filmstrip (or an audio-only recording's waveform), annotations,
// and the manifest. Then the evidence (docs/evidence.md): receipt.json, which holds the manifest's SHA-256
// and so can only follow it, and receipt.tsr, the time-stamp over the receipt's SHA-256, which can only
// follow the receipt and never holds up the delivery. A delivery is delivered once receipt.json is in the
// bucket; the manifest still means "every object it lists is there". No manifest (the profile turned it
// off): no receipt either, since a receipt vouches for a manifest.
import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactKind } from '../../../shared/domain/artifact';
import type { Profile } from '../../../shared/domain/profile';
import { RECEIPT_FILE_NAME, TIMESTAMP_FILE_NAME } from '../../../shared/domain/evidence';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import { hashFile } from '../media/hash-file';
import { readJournalSegments, salvageSegments } from '../recording/segment-salvage';
import type { PlannedObject } from '../store/delivery-store';
import { renderKey } from './key-template';

export type { PlannedObject } from '../store/delivery-store';

export const DELIVERED_MANIFEST_NAME = 'manifest.json';
const ORDER: ArtifactKind[] = ['mp4', 'raw', 'snapshot', 'waveform', 'filmstrip', 'annotations', 'manifest', 'receipt'];
const RECEIPT_ORDER = [RECEIPT_FILE_NAME, TIMESTAMP_FILE_NAME];

/**
 * The profile switch that decides whether an optional artifact is delivered. The waveform is an audio-only
 * recording's poster image, so it goes wherever the snapshot would: profiles need no new option for it.
 */
export function profileFlagFor(kind: Exclude<ArtifactKind, 'mp4'>): keyof Profile['artifacts'] {
  return kind === 'waveform' ? 'snapshot' : kind === 'receipt' ? 'manifest' : kind;
}

export function contentTypeFor(name: string): string {
  const ext = path.extname(name).toLowerCase();
  return (
    { '.mp4': 'video/mp4', '.jpg': 'image/jpeg', '.png': 'image/png', '.jpeg': 'image/jpeg', '.json': 'application/json', '.mkv': 'video/x-matroska', '.webm': 'video/webm', '.txt': 'text/plain', '.tsr': 'application/timestamp-reply' }[ext] ??
    'application/octet-stream'
  );
}

export function objectKey(profile: Profile, recording: Pick<RecordingSnapshot, 'id' | 'sessionId' | 'createdAt'> & { ticket?: string | null }, name: string): string {
  return renderKey(profile.prefixTemplate, {
    profile: profile.name,
    recordingId: recording.id,
    sessionId: recording.sessionId,
    ticket: recording.ticket ?? null,
    // The creation time, not the start: it is known from the first moment (instant mode names the MP4's key
    // before the first chunk) and never changes, so every object of a recording shares one folder.
    recordedAt: recording.createdAt,
    artifact: name,
  });
}

export interface PlanPaths {
  journal: string;
  /** Where delivery-made files live: raw segment copies and the delivered manifest. */
  deliveryDir: string;
}

/**
 * Plans every object of a ready recording. Raw segments are written from the journal into deliveryDir the
 * first time (the journal is kept until the delivery is confirmed, so they can always be made again).
 */
export async function planDelivery(recording: RecordingSnapshot, profile: Profile, paths: PlanPaths): Promise<PlannedObject[]> {
  const planned: Array<Omit<PlannedObject, 'seq'>> = [];
  const mp4 = recording.artifacts.find((a) => a.kind === 'mp4');
  if (!mp4) throw new AppError('NOT_FOUND', `Recording ${recording.id} has no MP4 to deliver.`);
  for (const artifact of recording.artifacts) {
    if (artifact.kind === 'manifest' || artifact.kind === 'raw') continue;
    if (artifact.kind !== 'mp4' && !profile.artifacts[profileFlagFor(artifact.kind)]) continue;
    const name = path.basename(artifact.path);
    planned.push({ name, kind: artifact.kind, key: objectKey(profile, recording, name), localPath: artifact.path, bytes: artifact.bytes, sha256: artifact.sha256 });
  }
  if (profile.artifacts.raw) {
    for (const raw of await rawSegments(paths)) {
      planned.push({ ...raw, kind: 'raw', key: objectKey(profile, recording, raw.name) });
    }
  }
  if (profile.artifacts.manifest) {
    const localPath = path.join(paths.deliveryDir, DELIVERED_MANIFEST_NAME);
    planned.push({ name: DELIVERED_MANIFEST_NAME, kind: 'manifest', key: objectKey(profile, recording, DELIVERED_MANIFEST_NAME), localPath, bytes: null, sha256: null });
    for (const name of profile.tsaUrl ? RECEIPT_ORDER : [RECEIPT_FILE_NAME]) {
      planned.push({ name, kind: 'receipt', key: objectKey(profile, recording, name), localPath: path.join(paths.deliveryDir, name), bytes: null, sha256: null });
    }
  }
  const rank = (o: Omit<PlannedObject, 'seq'>) => ORDER.indexOf(o.kind) * 10 + Math.max(0, RECEIPT_ORDER.indexOf(o.name));
  return planned
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .map((o, i) => ({ ...o, seq: i + 1 }));
}

async function rawSegments(paths: PlanPaths): Promise<Array<{ name: string; localPath: string; bytes: number; sha256: string }>> {
  const rawDir = path.join(paths.deliveryDir, 'raw');
  const existing = fs.existsSync(rawDir) ? fs.readdirSync(rawDir).filter((f) => /^segment-\d+\.\w+$/.test(f)) : [];
  let files = existing.map((f) => path.join(rawDir, f));
  if (files.length === 0) {
    const segments = readJournalSegments(paths.journal);
    if (segments.length === 0) throw new AppError('NOT_FOUND', 'The raw recording (the journal) is no longer on this computer, so it cannot be delivered.');
    fs.mkdirSync(rawDir, { recursive: true });
    files = salvageSegments(segments, rawDir, false).files;
  }
  const out = [];
  for (const file of files.sort()) {
    const digest = await hashFile(file);
    out.push({ name: `raw-${path.basename(file)}`, localPath: file, ...digest });
  }
  return out;
}
