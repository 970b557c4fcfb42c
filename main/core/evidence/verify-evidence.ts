// `fieldtape verify` and the app's "Verify a delivered folder": checks delivered objects with no access to
// the device's database. It finds every delivered manifest and receipt in the source by content (any key
// layout), then checks
//   every object against the manifest   (present, size, SHA-256)
//   the manifest against the receipt     (SHA-256 and size of the manifest's bytes)
//   the receipt itself and the chain     (verify-receipts.ts)
//   the TSA tokens                       (imprint = the receipt's SHA-256; signature chained to --tsa-cert)
//   optionally a device's database       (every event the receipts anchored, unchanged)
// and returns a report whose `ok` is false on any mismatch; each finding names what does not match.
import path from 'node:path';
import { DeliveredManifestSchema, type DeliveredManifest } from '../../../shared/domain/delivery';
import { ReceiptSchema, type VerifiedRecording, type VerifyFinding, type VerifyReport } from '../../../shared/domain/evidence';
import type { Certificate } from 'pkijs';
import type { AuditSnapshot } from '../store/audit-database';
import type { EvidenceSource, SourceFile } from './evidence-source';
import { sha256Hex } from './receipt-build';
import { readTimestampReply, verifyTimestampToken } from './tsa-token';
import { checkChains, checkReceipt, compareDatabase, type LoadedReceipt } from './verify-receipts';

export interface VerifyOptions {
  /** Certificates a token's signer must chain to (the TSA certificate or its CA); null: signatures not checked. */
  tsaCerts: { name: string; certs: Certificate[] } | null;
  database: AuditSnapshot | null;
  clock: () => Date;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;

interface LoadedManifest {
  path: string;
  sha256: string;
  bytes: number;
  manifest: DeliveredManifest;
}

/** The file whose path is the key's tail (the longest such, preferring the expected size). */
export function fileForKey(files: readonly SourceFile[], key: string, bytes?: number): SourceFile | null {
  const matches = files.filter((f) => key === f.path || key.endsWith(`/${f.path}`));
  if (matches.length === 0) return null;
  matches.sort((a, b) => Number(b.bytes === bytes) - Number(a.bytes === bytes) || b.path.length - a.path.length);
  return matches[0]!;
}

export async function verifyEvidence(source: EvidenceSource, options: VerifyOptions): Promise<VerifyReport> {
  const files = await source.list();
  const findings: VerifyFinding[] = [];
  const manifests: LoadedManifest[] = [];
  const receipts: LoadedReceipt[] = [];
  const tokens = files.filter((f) => f.path.endsWith('.tsr'));

  for (const f of files.filter((x) => x.path.endsWith('.json') && x.bytes <= MAX_JSON_BYTES)) {
    const bytes = await source.read(f.path);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      continue; // not JSON at all: not ours to judge
    }
    const kind = (json as { receiptVersion?: unknown; manifestVersion?: unknown; delivery?: unknown }) ?? {};
    if (kind.receiptVersion !== undefined) {
      const parsed = ReceiptSchema.safeParse(json);
      if (parsed.success) receipts.push({ path: f.path, sha256: sha256Hex(bytes), receipt: parsed.data });
      else findings.push({ level: 'mismatch', check: 'receipt', recordingId: null, subject: f.path, message: `Not a valid receipt: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim() });
    } else if (kind.manifestVersion !== undefined && kind.delivery !== undefined) {
      const parsed = DeliveredManifestSchema.safeParse(json);
      if (parsed.success) manifests.push({ path: f.path, sha256: sha256Hex(bytes), bytes: bytes.length, manifest: parsed.data });
      else findings.push({ level: 'mismatch', check: 'manifest', recordingId: null, subject: f.path, message: `Not a valid delivered manifest: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim() });
    }
  }

  const recordings: VerifiedRecording[] = [];
  const usedReceipts = new Set<LoadedReceipt>();
  for (const m of manifests) {
    const rid = m.manifest.recordingId;
    const objects: VerifiedRecording['objects'] = [];
    let ok = true;
    for (const o of m.manifest.delivery.objects) {
      const file = fileForKey(files, o.key, o.bytes);
      if (!file) {
        ok = false;
        findings.push({ level: 'mismatch', check: 'object', recordingId: rid, subject: o.key, message: `${o.file} is listed in the manifest (${m.path}) but is not in ${source.name}.` });
        objects.push({ file: o.file, key: o.key, path: null, bytes: o.bytes, sha256: o.sha256, ok: false });
        continue;
      }
      const digest = await source.hash(file.path);
      const good = digest.sha256 === o.sha256 && digest.bytes === o.bytes;
      if (!good) {
        ok = false;
        findings.push({
          level: 'mismatch',
          check: 'object',
          recordingId: rid,
          subject: file.path,
          message: `${file.path} does not match the manifest: ${digest.bytes} bytes with SHA-256 ${digest.sha256}, the manifest says ${o.bytes} bytes with ${o.sha256}.`,
        });
      }
      const listed = m.manifest.artifacts.find((a) => a.kind === o.kind && a.file === o.file);
      if (listed && listed.sha256 !== o.sha256) {
        ok = false;
        findings.push({ level: 'mismatch', check: 'manifest', recordingId: rid, subject: m.path, message: `The manifest lists ${o.file} with two SHA-256s: ${listed.sha256} (recorded) and ${o.sha256} (delivered).` });
      }
      objects.push({ file: o.file, key: o.key, path: file.path, bytes: o.bytes, sha256: o.sha256, ok: good });
    }
    if (ok) findings.push({ level: 'ok', check: 'object', recordingId: rid, subject: m.path, message: `All ${objects.length} objects the manifest lists are present and match their SHA-256.` });

    // The receipt for this manifest: the one whose manifest key ends with this manifest's path.
    const receipt = receipts.find((r) => r.receipt.recordingId === rid && (r.receipt.manifest.key === m.path || r.receipt.manifest.key.endsWith(`/${m.path}`))) ?? receipts.find((r) => r.receipt.recordingId === rid) ?? null;
    let timestamp: VerifiedRecording['timestamp'] = null;
    if (!receipt) {
      findings.push({ level: 'warning', check: 'manifest', recordingId: rid, subject: m.path, message: 'No receipt.json for this manifest was found (delivered before receipts existed, or not downloaded): the manifest is not anchored.' });
    } else {
      usedReceipts.add(receipt);
      const rm = receipt.receipt.manifest;
      if (rm.sha256 !== m.sha256 || rm.bytes !== m.bytes) {
        ok = false;
        findings.push({ level: 'mismatch', check: 'manifest', recordingId: rid, subject: m.path, message: `The manifest does not match its receipt (${receipt.path}): it has SHA-256 ${m.sha256}, the receipt vouches for ${rm.sha256}.` });
      } else {
        findings.push({ level: 'ok', check: 'manifest', recordingId: rid, subject: m.path, message: `The manifest matches its receipt (${receipt.path}).` });
      }
      timestamp = await checkToken(receipt);
      if (timestamp?.signature === 'invalid') ok = false;
    }
    recordings.push({
      recordingId: rid,
      title: m.manifest.title ?? null,
      manifestPath: m.path,
      receiptPath: receipt?.path ?? null,
      device: receipt ? { id: receipt.receipt.device.id, seq: receipt.receipt.device.seq } : null,
      objects,
      timestamp,
      ok,
    });
  }
  for (const r of receipts.filter((x) => !usedReceipts.has(x))) {
    findings.push({ level: 'warning', check: 'receipt', recordingId: r.receipt.recordingId, subject: r.path, message: `The manifest this receipt vouches for (${r.receipt.manifest.key}) is not in ${source.name}.` });
    await checkToken(r);
  }
  for (const r of receipts) findings.push(...checkReceipt(r));
  findings.push(...checkChains(receipts));
  if (options.database) findings.push(...compareDatabase(receipts, options.database));

  // The recording's own verdict includes its receipt's findings.
  for (const rec of recordings) {
    if (findings.some((f) => f.level === 'mismatch' && f.recordingId === rec.recordingId)) rec.ok = false;
  }
  if (manifests.length === 0 && receipts.length === 0) {
    findings.push({ level: 'mismatch', check: 'manifest', recordingId: null, subject: source.name, message: `No delivered manifest or receipt was found in ${source.name}: nothing was verified.` });
  }
  const all = findings.filter((f) => f.level === 'mismatch').length;
  return {
    ok: all === 0,
    source: source.name,
    verifiedAt: options.clock().toISOString(),
    tsaCert: options.tsaCerts?.name ?? null,
    database: options.database?.file ?? null,
    recordings,
    findings,
    counts: {
      objects: recordings.reduce((s, r) => s + r.objects.length, 0),
      receipts: receipts.length,
      timestamps: tokens.length,
      mismatches: all,
      warnings: findings.filter((f) => f.level === 'warning').length,
    },
  };

  async function checkToken(r: LoadedReceipt): Promise<VerifiedRecording['timestamp']> {
    const tsrPath = r.path.replace(/\.json$/, '.tsr');
    const file = tokens.find((t) => t.path === tsrPath) ?? null;
    const rid = r.receipt.recordingId;
    if (!file) {
      if (r.receipt.timestamp) findings.push({ level: 'warning', check: 'timestamp', recordingId: rid, subject: r.path, message: `The receipt asked ${r.receipt.timestamp.tsaUrl} for a time-stamp, but no ${path.posix.basename(tsrPath)} is beside it (not yet delivered, or not downloaded).` });
      return null;
    }
    const der = await source.read(file.path);
    const data = await source.read(r.path);
    if (!options.tsaCerts) {
      let facts;
      try {
        facts = readTimestampReply(der);
      } catch (error) {
        findings.push({ level: 'mismatch', check: 'timestamp', recordingId: rid, subject: file.path, message: `Not a time-stamp token: ${error instanceof Error ? error.message : String(error)}` });
        return { genTime: null, serial: null, tsa: null, signature: 'invalid' };
      }
      if (facts.digest !== r.sha256) {
        findings.push({ level: 'mismatch', check: 'timestamp', recordingId: rid, subject: file.path, message: `The token time-stamps SHA-256 ${facts.digest ?? '?'}, not the receipt's ${r.sha256}.` });
        return { genTime: facts.genTime, serial: facts.serial, tsa: facts.tsa, signature: 'invalid' };
      }
      findings.push({ level: 'warning', check: 'timestamp', recordingId: rid, subject: file.path, message: `The token is for this receipt (time ${facts.genTime ?? '?'}), but its signature was not checked: give the TSA certificate (--tsa-cert).` });
      return { genTime: facts.genTime, serial: facts.serial, tsa: facts.tsa, signature: 'not-checked' };
    }
    const result = await verifyTimestampToken(der, data, options.tsaCerts.certs);
    const facts = result.facts;
    if (!result.ok) {
      findings.push({ level: 'mismatch', check: 'timestamp', recordingId: rid, subject: file.path, message: `The time-stamp token does not verify: ${result.problem ?? 'unknown problem'}.` });
      return { genTime: facts.genTime, serial: facts.serial, tsa: facts.tsa, signature: 'invalid' };
    }
    findings.push({ level: 'ok', check: 'timestamp', recordingId: rid, subject: file.path, message: `Time-stamped ${facts.genTime ?? '?'} by ${facts.tsa ?? 'the TSA'} (serial ${facts.serial ?? '?'}); the signature chains to ${options.tsaCerts.name}.` });
    return { genTime: facts.genTime, serial: facts.serial, tsa: facts.tsa, signature: 'valid' };
  }
}
