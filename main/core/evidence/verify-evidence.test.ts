// Folder verification without the device's database: a delivered recording laid out as the bucket owner
// would download it (objects, manifest, receipt issued against real SQLite), then single changes to it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveredManifestSchema } from '../../../shared/domain/delivery';
import { VerifyReportSchema } from '../../../shared/domain/evidence';
import { createAuditLog } from '../audit/audit-log';
import { openDatabase } from '../store/database';
import { folderSource } from './evidence-source';
import { createReceiptIssuer } from './receipt-issuer';
import { createReceiptStore } from '../store/receipt-store';
import { fileForKey, verifyEvidence } from './verify-evidence';
import { renderVerifyReportHtml } from './verify-report-html';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const clock = () => new Date('2026-02-01T12:00:00.000Z');

/** A downloaded folder: tenant/rec_x/{recording.mp4, snapshot.jpg, manifest.json, receipt.json}. */
function deliveredFolder(): { root: string; dir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-verify-'));
  const db = openDatabase(path.join(root, 'device.db'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }), () => db.close());
  const audit = createAuditLog(db, clock);
  const id = 'rec_0123456789abcdef';
  audit.append('recording.started', { recordingId: id, data: {} });
  audit.append('recording.finalized', { recordingId: id, data: { bytes: 2 } });
  const dir = path.join(root, 'download', '2026', '02', '01', id);
  fs.mkdirSync(dir, { recursive: true });
  const files = { 'recording.mp4': Buffer.from('not really an mp4, but bytes are bytes'), 'snapshot.jpg': Buffer.from('jpeg bytes') };
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  const key = (name: string) => `acme/2026/02/01/${id}/${name}`;
  const objects = Object.entries(files).map(([file, bytes]) => ({ kind: file.endsWith('.mp4') ? ('mp4' as const) : ('snapshot' as const), file, key: key(file), bytes: bytes.length, sha256: sha(bytes), etag: '"x"', checksumSha256: null }));
  const manifest = DeliveredManifestSchema.parse({
    manifestVersion: 1,
    recordingId: id,
    sessionId: null,
    title: 'Boiler <b>inspection</b>',
    startedAt: '2026-02-01T11:00:00.000Z',
    stoppedAt: '2026-02-01T11:01:00.000Z',
    durationSec: 60,
    sources: [{ kind: 'testsrc' }],
    participants: [],
    artifacts: objects.map((o) => ({ kind: o.kind, file: o.file, bytes: o.bytes, sha256: o.sha256 })),
    producedBy: { app: 'Fieldtape', appVersion: 'test', ffmpegVersion: 'test', finalizePath: 'remux', sourceVideoCodec: 'h264' },
    createdAt: '2026-02-01T11:01:00.000Z',
    delivery: { profile: 'acme', bucket: 'acme-evidence', finalizeManifestSha256: 'c'.repeat(64), objects },
  });
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'manifest.json'), manifestText);
  const issuer = createReceiptIssuer({ db, audit, receipts: createReceiptStore(db), clock });
  const receipt = issuer.issue({
    recordingId: id,
    sessionId: null,
    profile: { bucket: 'acme-evidence', endpoint: null, region: 'eu-west-1', tsaUrl: null },
    manifest: { key: key('manifest.json'), bytes: Buffer.byteLength(manifestText), sha256: sha(manifestText) },
  });
  fs.writeFileSync(path.join(dir, 'receipt.json'), receipt.text);
  return { root: path.join(root, 'download'), dir };
}

describe('verifying a downloaded folder', () => {
  it('passes an untouched delivery and names what it checked', async () => {
    const { root } = deliveredFolder();
    const report = VerifyReportSchema.parse(await verifyEvidence(folderSource(root), { tsaCerts: null, database: null, clock }));
    expect(report.findings.filter((f) => f.level === 'mismatch')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ objects: 2, receipts: 1, mismatches: 0 });
    expect(report.recordings[0]).toMatchObject({ recordingId: 'rec_0123456789abcdef', ok: true, receiptPath: '2026/02/01/rec_0123456789abcdef/receipt.json' });
    expect(report.findings.filter((f) => f.level === 'ok').map((f) => f.check)).toEqual(expect.arrayContaining(['object', 'manifest', 'receipt', 'chain']));
  });

  it('names a changed object, a changed manifest, and a missing object', async () => {
    const { root, dir } = deliveredFolder();
    fs.appendFileSync(path.join(dir, 'recording.mp4'), 'x');
    let report = await verifyEvidence(folderSource(root), { tsaCerts: null, database: null, clock });
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.level === 'mismatch')?.message).toMatch(/recording\.mp4 does not match the manifest/);

    const manifestFile = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifestFile, fs.readFileSync(manifestFile, 'utf8').replace('"durationSec": 60', '"durationSec": 6'));
    fs.rmSync(path.join(dir, 'snapshot.jpg'));
    report = await verifyEvidence(folderSource(root), { tsaCerts: null, database: null, clock });
    const messages = report.findings.filter((f) => f.level === 'mismatch').map((f) => f.message);
    expect(messages.some((m) => /The manifest does not match its receipt/.test(m))).toBe(true);
    expect(messages.some((m) => /snapshot\.jpg is listed in the manifest .* but is not in/.test(m))).toBe(true);
  });

  it('fails a folder that holds nothing delivered, and renders the report as escaped, self-contained HTML', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-verify-empty-'));
    cleanups.push(() => fs.rmSync(empty, { recursive: true, force: true }));
    expect((await verifyEvidence(folderSource(empty), { tsaCerts: null, database: null, clock })).ok).toBe(false);

    const { root } = deliveredFolder();
    const html = renderVerifyReportHtml(await verifyEvidence(folderSource(root), { tsaCerts: null, database: null, clock }));
    expect(html).toContain('Boiler &lt;b&gt;inspection&lt;/b&gt;');
    expect(html).not.toContain('<b>inspection');
    expect(html).not.toMatch(/<script|https?:\/\/[^"<\s]+\.(css|js)/);
    expect(html).toContain('Verified: no mismatch');
  });

  it('maps a key to the file that ends it, whatever prefix the download dropped', () => {
    const files = [{ path: 'a/rec_1/manifest.json', bytes: 5 }, { path: 'rec_1/manifest.json', bytes: 9 }, { path: 'manifest.json', bytes: 5 }];
    expect(fileForKey(files, 'tenant/a/rec_1/manifest.json', 5)?.path).toBe('a/rec_1/manifest.json');
    expect(fileForKey(files, 'x/rec_1/manifest.json', 9)?.path).toBe('rec_1/manifest.json');
    expect(fileForKey(files, 'other/thing.json')).toBeNull();
  });
});
