// The evidence view: the manifest as written, every artifact with the SHA-256 the library recorded and
// the one the manifest lists, the delivery's keys and ETags, and the session's audit events with the
// hash chain verified. verifyArtifacts re-hashes the local files on demand, streamed, one at a time.
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../../../shared/domain/artifact';
import type { Evidence, Verification } from '../../../shared/domain/library';
import { ManifestSchema, type Manifest } from '../../../shared/domain/manifest';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { AuditLog } from '../audit/audit-log';
import { hashFile } from '../media/hash-file';
import type { DeliveryView } from '../store/delivery-view';

const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

export function readManifest(recording: RecordingSnapshot): { manifest: Manifest | null; text: string | null; problem: string | null } {
  const artifact = recording.artifacts.find((a) => a.kind === 'manifest');
  if (!artifact) return { manifest: null, text: null, problem: 'This recording has no manifest (it was not finalized).' };
  let text: string;
  try {
    const size = fs.statSync(artifact.path).size;
    if (size > MAX_MANIFEST_BYTES) return { manifest: null, text: null, problem: `The manifest is ${size} bytes, too large to show.` };
    text = fs.readFileSync(artifact.path, 'utf8');
  } catch {
    return { manifest: null, text: null, problem: `The manifest file ${artifact.path} is missing locally.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { manifest: null, text, problem: 'The manifest is not valid JSON.' };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const version = (json as { manifestVersion?: unknown })?.manifestVersion;
    const problem =
      typeof version === 'number' && version !== 1
        ? `The manifest is version ${version}, which this Fieldtape does not know; it is shown as written.`
        : `The manifest does not match its schema: ${parsed.error.issues[0]?.path.join('.') || '(root)'}: ${parsed.error.issues[0]?.message ?? ''}`;
    return { manifest: null, text, problem };
  }
  return { manifest: parsed.data, text, problem: null };
}

export function buildEvidence(recording: RecordingSnapshot, audit: AuditLog, delivery: DeliveryView | null): Evidence {
  const { manifest, text, problem } = readManifest(recording);
  const listed = (a: Artifact) => manifest?.artifacts.find((m) => m.kind === a.kind && m.file === path.basename(a.path)) ?? null;
  const scope = recording.sessionId ? 'session' : 'recording';
  const events = recording.sessionId ? audit.list({ sessionId: recording.sessionId }) : audit.list({ recordingId: recording.id });
  return {
    recordingId: recording.id,
    manifest,
    manifestText: text,
    manifestProblem: problem,
    artifacts: recording.artifacts.map((a) => ({
      kind: a.kind,
      file: path.basename(a.path),
      path: a.path,
      bytes: a.bytes,
      sha256: a.sha256,
      manifestSha256: listed(a)?.sha256 ?? null,
      present: fs.existsSync(a.path),
    })),
    delivery: delivery && { state: delivery.state, profileId: delivery.profileId, bucket: delivery.bucket, objects: delivery.objects },
    audit: { scope, events, chain: audit.verify() },
  };
}

export async function verifyArtifacts(
  recording: RecordingSnapshot,
  options: { now: () => Date; signal?: AbortSignal; evictedNote?: (kind: string) => string | null },
): Promise<Verification> {
  const { manifest } = readManifest(recording);
  const checks: Verification['artifacts'] = [];
  for (const artifact of recording.artifacts) {
    options.signal?.throwIfAborted();
    const file = path.basename(artifact.path);
    const entry = manifest?.artifacts.find((m) => m.kind === artifact.kind && m.file === file) ?? null;
    let actual: { bytes: number; sha256: string } | null = null;
    let problem: string | null = null;
    try {
      actual = await hashFile(artifact.path, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      problem =
        code === 'ENOENT'
          ? (options.evictedNote?.(artifact.kind) ?? `${file} is missing from this computer.`)
          : `${file} could not be read (${code ?? 'error'}).`;
    }
    const matchesManifest = entry && actual ? entry.sha256 === actual.sha256 && entry.bytes === actual.bytes : null;
    const matchesLibrary = actual !== null && actual.sha256 === artifact.sha256 && actual.bytes === artifact.bytes;
    if (actual && !matchesLibrary) problem = `${file} has changed since it was recorded: its SHA-256 is now ${actual.sha256}.`;
    else if (matchesManifest === false) problem = `${file} does not match the manifest's entry.`;
    checks.push({
      kind: artifact.kind,
      file,
      expectedSha256: artifact.sha256,
      actualSha256: actual?.sha256 ?? null,
      expectedBytes: artifact.bytes,
      actualBytes: actual?.bytes ?? null,
      matchesManifest,
      ok: matchesLibrary && matchesManifest !== false,
      problem,
    });
  }
  return { recordingId: recording.id, verifiedAt: options.now().toISOString(), ok: checks.length > 0 && checks.every((c) => c.ok), artifacts: checks };
}
