// Evidence that holds beyond the device, end to end with real ffmpeg, SQLite, MinIO (write-only user) and a
// real RFC 3161 TSA (`openssl ts -reply` behind test/support/tsa-server.ts, served from this process, so every
// CLI run is awaited, never spawnSync'd):
//   a recording is delivered with receipt.json and receipt.tsr after its manifest; `fieldtape verify` on the
//   downloaded objects (and on the bucket prefix itself) passes, and OpenSSL verifies the token on its own;
//   then the device's audit rows are edited and re-hashed the way someone holding the file would (triggers
//   dropped), which its own `audit verify` cannot see — but `verify --database` names the edited event, and
//   the next recording's receipt no longer follows the previous one, so verify fails on the bucket alone;
//   with the TSA down, the MP4, manifest and receipt are delivered, and the token follows on the schedule.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, type JsonObject } from '../../main/core/audit/canonical-json';
import { GENESIS_HASH, hashAuditEvent } from '../../main/core/audit/event-hash';
import { DeliverySnapshotSchema } from '../../shared/domain/delivery';
import { ReceiptSchema, VerifyReportSchema } from '../../shared/domain/evidence';
import { rewriteAuditEvent } from '../../main/core/store/audit-rewrite';
import { downloadPrefix } from '../support/bucket-download';
import { asRecording } from '../support/cli';
import { runCliAsync } from '../support/cli-async';
import { connectContract } from '../support/contract-client';
import { adminClient } from '../support/delivery-fixture';
import { startWebShellProcess } from '../support/web-shell-process';
import { makeTempHome } from '../support/temp-home';
import { startTestTsa, type TestTsa } from '../support/tsa-server';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};
const run = randomBytes(3).toString('hex');
const prefix = `evidence-${run}`;
const home = makeTempHome('fieldtape-evidence-');
const work = makeTempHome('fieldtape-evidence-work-');
// Where the example reports go when asked (docs/evidence.md links the committed copies).
const reportDir = process.env.FIELDTAPE_EVIDENCE_REPORT_DIR ?? work.dir;
let tsa: TestTsa;
let admin: S3Client;
const cliEnv = () => ({ FT_SECRET: env('FIELDTAPE_TEST_S3_WRITER_SECRET'), FT_ADMIN_SECRET: env('FIELDTAPE_TEST_S3_ADMIN_SECRET'), FIELDTAPE_DELIVERY_SCHEDULE: '1,1,1,1' });
const cli = (dir: string, args: string[]) => runCliAsync(dir, args, cliEnv());
const profileArgs = (name: string, tsaUrl: string) => [
  'profile', 'add', name,
  '--endpoint', env('FIELDTAPE_TEST_S3_ENDPOINT'), '--region', env('FIELDTAPE_TEST_S3_REGION'), '--bucket', env('FIELDTAPE_TEST_S3_BUCKET'),
  '--access-key-id', env('FIELDTAPE_TEST_S3_WRITER_KEY'), '--secret-env', 'FT_SECRET',
  '--prefix', `${prefix}/{profile}/{recordingId}/{artifact}`, '--tsa', tsaUrl, '--activate',
];

beforeAll(async () => {
  tsa = await startTestTsa();
  admin = adminClient(env('FIELDTAPE_TEST_S3_ENDPOINT'), env('FIELDTAPE_TEST_S3_REGION'), env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
  expect((await cli(home.dir, profileArgs('acme', tsa.url))).code).toBe(0);
});
afterAll(async () => {
  admin?.destroy();
  await tsa?.destroy();
  home.cleanup();
  if (!process.env.FIELDTAPE_EVIDENCE_REPORT_DIR) work.cleanup();
});

async function record(dir: string, title: string) {
  const r = await cli(dir, ['record', '--source', 'testsrc', '--duration', '2', '--title', title, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return asRecording(r.json);
}

async function delivery(dir: string, id: string) {
  const r = await cli(dir, ['deliver', id, '--json']);
  return DeliverySnapshotSchema.parse(r.json);
}

async function verify(args: string[]) {
  const r = await cli(home.dir, ['verify', ...args, '--json']);
  return { code: r.code, stderr: r.stderr, report: VerifyReportSchema.parse(r.json) };
}

/** An attacker holding fieldtape.db rewrites one event and re-hashes the chain (main/core/store/audit-rewrite.ts). */
function rewriteAuditEventIn(dbFile: string, pick: (row: { seq: number; type: string; recording_id: string | null }) => boolean, change: (data: JsonObject) => JsonObject): number {
  const db = new Database(dbFile);
  try {
    return rewriteAuditEvent<JsonObject>(db, pick, change, { genesis: GENESIS_HASH, seal: (e) => ({ dataJson: canonicalJson(e.data), hash: hashAuditEvent(e) }) });
  } finally {
    db.close();
  }
}

describe('receipts, time-stamps and fieldtape verify', () => {
  let first: Awaited<ReturnType<typeof record>>;
  const untouched = path.join(work.dir, 'download-1');
  let both = '';

  it('delivers receipt.json and receipt.tsr after the manifest, and verify passes on the downloaded objects and on the bucket prefix', async () => {
    first = await record(home.dir, 'Boiler inspection');
    const d = await delivery(home.dir, first.id);
    expect(d.state).toBe('delivered');
    expect(d.objects.map((o) => [o.name, o.status])).toEqual([
      ['recording.mp4', 'delivered'],
      ['snapshot.jpg', 'delivered'],
      ['filmstrip.jpg', 'delivered'],
      ['manifest.json', 'delivered'],
      ['receipt.json', 'delivered'],
      ['receipt.tsr', 'delivered'],
    ]);
    expect(tsa.answered()).toBe(1);

    const keys = await downloadPrefix(admin, env('FIELDTAPE_TEST_S3_BUCKET'), `${prefix}/acme/${first.id}/`, untouched);
    expect(keys.map((k) => path.posix.basename(k))).toEqual(['filmstrip.jpg', 'manifest.json', 'receipt.json', 'receipt.tsr', 'recording.mp4', 'snapshot.jpg']);
    const dir = path.join(untouched, prefix, 'acme', first.id);
    const receipt = ReceiptSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'receipt.json'), 'utf8')));
    expect(receipt).toMatchObject({ recordingId: first.id, device: { seq: 1 }, previousReceipt: null, timestamp: { tsaUrl: tsa.url } });
    expect(receipt.audit.events.map((e) => e.type)).toEqual(expect.arrayContaining(['recording.started', 'recording.stopped', 'recording.finalized']));

    // OpenSSL, knowing nothing of Fieldtape, agrees the token time-stamps exactly these receipt bytes.
    const openssl = execFileSync('openssl', ['ts', '-verify', '-in', path.join(dir, 'receipt.tsr'), '-data', path.join(dir, 'receipt.json'), '-CAfile', tsa.caCertFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(openssl).toContain('Verification: OK');

    const report = path.join(reportDir, 'evidence-report-verified.html');
    const ok = await verify([untouched, '--tsa-cert', tsa.caCertFile, '--report', report]);
    expect(ok.report.findings.filter((f) => f.level === 'mismatch')).toEqual([]);
    expect(ok.code).toBe(0);
    expect(ok.report.recordings).toHaveLength(1);
    expect(ok.report.recordings[0]).toMatchObject({ recordingId: first.id, ok: true, timestamp: { signature: 'valid' } });
    expect(ok.report.counts).toMatchObject({ objects: 3, receipts: 1, timestamps: 1, mismatches: 0 });
    expect(fs.readFileSync(report, 'utf8')).toContain('Verified: no mismatch');

    // The same, read straight from the bucket with the owner's read credentials (secret from the environment).
    const s3 = await verify(['--bucket', env('FIELDTAPE_TEST_S3_BUCKET'), '--prefix', `${prefix}/`, '--region', env('FIELDTAPE_TEST_S3_REGION'), '--endpoint', env('FIELDTAPE_TEST_S3_ENDPOINT'),
      '--access-key-id', env('FIELDTAPE_TEST_S3_ADMIN_KEY'), '--secret-env', 'FT_ADMIN_SECRET', '--tsa-cert', tsa.caCertFile]);
    expect(s3.code, s3.stderr).toBe(0);
    expect(s3.report.source).toBe(`s3://${env('FIELDTAPE_TEST_S3_BUCKET')}/${prefix}/`);

    // A token checked against another authority's certificate is a mismatch, named as such.
    const stranger = await startTestTsa();
    try {
      const wrong = await verify([untouched, '--tsa-cert', stranger.caCertFile]);
      expect(wrong.code).toBe(1);
      expect(wrong.report.findings.find((f) => f.level === 'mismatch')?.message).toMatch(/time-stamp token does not verify/);
    } finally {
      await stranger.destroy();
    }
  });

  it('a rewritten and re-hashed audit log passes its own check, but not verify: against the database, and across the next receipt', async () => {
    const dbFile = path.join(home.dir, 'fieldtape.db');
    const seq = rewriteAuditEventIn(dbFile, (r) => r.recording_id === first.id && r.type === 'recording.stopped', (d) => ({ ...d, durationSec: 1 }));
    expect((await cli(home.dir, ['audit', 'verify'])).code).toBe(0); // locally, the forgery holds

    const againstDb = await verify([untouched, '--tsa-cert', tsa.caCertFile, '--database', dbFile]);
    expect(againstDb.code).toBe(1);
    const dbFinding = againstDb.report.findings.find((f) => f.level === 'mismatch' && f.check === 'database');
    expect(dbFinding?.message).toMatch(new RegExp(`event #${seq} \\(recording\\.stopped\\) has hash .* in the database, but the bucket anchored`));
    expect((await verify([untouched, '--tsa-cert', tsa.caCertFile])).code).toBe(0); // the objects themselves are untouched

    // The next delivery's receipt carries the rewritten chain: the bucket alone now shows the break.
    const second = await record(home.dir, 'Boiler inspection, follow-up');
    expect((await delivery(home.dir, second.id)).state).toBe('delivered');
    both = path.join(work.dir, 'download-2');
    await downloadPrefix(admin, env('FIELDTAPE_TEST_S3_BUCKET'), `${prefix}/acme/`, both);
    const report = path.join(reportDir, 'evidence-report-tampered.html');
    const broken = await verify([both, '--tsa-cert', tsa.caCertFile, '--report', report]);
    expect(broken.code).toBe(1);
    const chain = broken.report.findings.filter((f) => f.level === 'mismatch');
    expect(chain.map((f) => f.check)).toEqual(['chain']);
    expect(chain[0]).toMatchObject({ recordingId: second.id });
    expect(chain[0]!.message).toMatch(/Receipt #2 does not follow receipt #1: its audit links continue from event #\d+ .* rewritten/);
    // Every object and token is still fine: only the chain says the log was rewritten.
    expect(broken.report.recordings.map((r) => r.timestamp?.signature)).toEqual(['valid', 'valid']);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('NOT VERIFIED: 1 mismatch found.');
    expect(html).toContain('rewritten');
  });

  it('the app verifies a delivered folder through its contract (the real web shell): pass, then the tampered one', async () => {
    const shell = await startWebShellProcess(home.dir, cliEnv());
    try {
      const url = new URL(shell.url);
      const client = await connectContract(Number(url.port), url.searchParams.get('token') ?? '');
      try {
        const ok = await client.call<{ report: unknown; reportFile: string }>('evidence.verifyFolder', { folder: untouched, tsaCertFile: tsa.caCertFile });
        expect(ok.ok, JSON.stringify(ok)).toBe(true);
        if (!ok.ok) return;
        expect(VerifyReportSchema.parse(ok.value.report).ok).toBe(true);
        expect(ok.value.reportFile.startsWith(path.join(home.dir, 'reports'))).toBe(true);
        expect(fs.readFileSync(ok.value.reportFile, 'utf8')).toContain('Verified: no mismatch');
        const bad = await client.call<{ report: unknown }>('evidence.verifyFolder', { folder: both, tsaCertFile: tsa.caCertFile });
        expect(bad.ok && VerifyReportSchema.parse(bad.value.report).ok).toBe(false);
        const missing = await client.call('evidence.verifyFolder', { folder: path.join(work.dir, 'nowhere') });
        expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
      } finally {
        client.close();
      }
    } finally {
      await shell.stop();
    }
  });

  it('with the TSA down the MP4, manifest and receipt are delivered, and the token follows on the delivery schedule', async () => {
    const other = makeTempHome('fieldtape-evidence-down-');
    const down = await startTestTsa();
    await down.stop(); // nothing listens on its port now
    try {
      expect((await cli(other.dir, profileArgs('beta', down.url))).code).toBe(0);
      const rec = await record(other.dir, 'TSA down');
      // Read straight from the database: `deliver` would already run the next try.
      const db = new Database(path.join(other.dir, 'fieldtape.db'), { readonly: true });
      const state = db.prepare<[string], { state: string }>('SELECT state FROM deliveries WHERE recording_id = ?').get(rec.id)!.state;
      const objects = db.prepare<[string], { name: string; status: string }>('SELECT name, status FROM delivery_objects WHERE recording_id = ? ORDER BY seq').all(rec.id);
      const pending = db.prepare<[string], { tsr_status: string; tsr_attempts: number; tsr_next_at: string | null; tsr_error_json: string }>('SELECT * FROM receipts WHERE recording_id = ?').get(rec.id)!;
      db.close();
      expect(state).toBe('delivered');
      expect(objects.filter((o) => o.status !== 'delivered').map((o) => o.name)).toEqual(['receipt.tsr']);
      expect(objects.map((o) => o.name).slice(0, 1)).toEqual(['recording.mp4']);
      expect(pending).toMatchObject({ tsr_status: 'pending', tsr_attempts: 1 });
      expect(Date.parse(pending.tsr_next_at!)).toBeGreaterThan(Date.now() - 5_000); // scheduled, from FIELDTAPE_DELIVERY_SCHEDULE
      expect(JSON.parse(pending.tsr_error_json).message).toMatch(/ECONNREFUSED|connection/i);

      await down.start(); // the TSA is back, on the same address
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(pending.tsr_next_at!) - Date.now()) + 200));
      const again = await cli(other.dir, ['deliver', '--all', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('Tried 1 pending receipt time-stamp');
      expect((await delivery(other.dir, rec.id)).objects.find((o) => o.name === 'receipt.tsr')?.status).toBe('delivered');
      expect(down.answered()).toBe(1);

      const dl = path.join(work.dir, 'download-3');
      await downloadPrefix(admin, env('FIELDTAPE_TEST_S3_BUCKET'), `${prefix}/beta/${rec.id}/`, dl);
      const ok = await verify([dl, '--tsa-cert', down.caCertFile]);
      expect(ok.code, JSON.stringify(ok.report.findings.filter((f) => f.level === 'mismatch'))).toBe(0);
      expect(ok.report.recordings[0]?.timestamp?.signature).toBe('valid');
    } finally {
      await down.destroy();
      other.cleanup();
    }
  });
});
