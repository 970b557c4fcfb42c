import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEventSchema, AuditVerificationSchema } from '../../../shared/domain/audit';
import { createAuditLog } from '../../core/audit/audit-log';
import { createEngine } from '../../engine';
import type { CliIo } from '../command';
import { UsageError } from '../command';
import { auditCommand } from './audit';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const homes: string[] = [];
afterEach(() => {
  for (const dir of homes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data folder with a short audit trail written through a real engine. */
function homeWithEvents(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-cli-audit-'));
  homes.push(dir);
  const engine = createEngine({ dataDir: dir, host: 'cli' });
  const log = createAuditLog(engine.db, () => new Date());
  log.append('recording.started', { recordingId: 'rec-1', sessionId: 'sess-1' });
  log.append('recording.stopped', { recordingId: 'rec-1', sessionId: 'sess-1', data: { durationSec: 12 } });
  log.append('recording.started', { recordingId: 'rec-2' });
  engine.close();
  return dir;
}

/** Tampers with the file directly, as someone holding it would: drop the triggers, edit a row. */
function tamper(home: string, sql: string): void {
  const db = new Database(path.join(home, 'fieldtape.db'));
  for (const { name } of db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'").all()) {
    db.exec(`DROP TRIGGER ${name}`);
  }
  db.exec(sql);
  db.close();
}

async function runInProcess(home: string, args: string[], json: boolean) {
  const out: unknown[] = [];
  const human: string[] = [];
  const said: string[] = [];
  const io: CliIo = {
    json,
    result(value, text) {
      out.push(value);
      human.push(text ?? '');
    },
    say: (text) => said.push(text),
    readStdin: async () => '',
  };
  const engine = createEngine({ dataDir: home, host: 'cli' });
  try {
    const code = await auditCommand.run(args, io, engine);
    return { code, out, human, said };
  } finally {
    engine.close();
  }
}

function runBuiltCli(home: string, args: string[]) {
  // The real entry point in a child process (through tsx, so it runs the sources under test).
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main', 'cli', 'index.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, FIELDTAPE_HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fieldtape audit (in process)', () => {
  it('verify: exit 0 and the verification when the log is intact', async () => {
    const home = homeWithEvents();
    const { code, out, human } = await runInProcess(home, ['verify'], false);
    expect(code).toBe(0);
    expect(AuditVerificationSchema.parse(out[0])).toMatchObject({ ok: true, events: 3, problem: null });
    expect(human[0]).toMatch(/^Audit log intact: 3 events, head [0-9a-f]{64}\.$/);
  });

  it('verify: exit 1 naming the edited event', async () => {
    const home = homeWithEvents();
    tamper(home, `UPDATE audit_events SET data_json = '{"durationSec":2}' WHERE seq = 2`);
    const { code, out, human } = await runInProcess(home, ['verify'], false);
    expect(code).toBe(1);
    expect(out[0]).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 2, type: 'recording.stopped' } });
    expect(human[0]).toContain('AUDIT LOG TAMPERED (edited, event #2 recording.stopped)');
  });

  it('list: filters by recording; refuses unknown verbs and flags', async () => {
    const home = homeWithEvents();
    const { code, out, human } = await runInProcess(home, ['list', '--recording', 'rec-1'], true);
    expect(code).toBe(0);
    const events = AuditEventSchema.array().parse(out[0]);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'recording.started'],
      [2, 'recording.stopped'],
    ]);
    expect(human[0]).toContain('#2  ');
    await expect(runInProcess(home, ['shred'], false)).rejects.toThrow(UsageError);
    await expect(runInProcess(home, ['list', '--recording'], false)).rejects.toThrow(/needs a value/);
    await expect(runInProcess(home, ['list', '--limit', 'ten'], false)).rejects.toThrow(/whole number/);
  });
});

describe('fieldtape audit (child process)', () => {
  it('verify --json: exactly one JSON document, exit 0 intact and exit 1 after an edit', () => {
    const home = homeWithEvents();
    const intact = runBuiltCli(home, ['audit', 'verify', '--json']);
    expect(intact.code).toBe(0);
    expect(AuditVerificationSchema.parse(JSON.parse(intact.stdout))).toMatchObject({ ok: true, events: 3 });

    tamper(home, "UPDATE audit_events SET type = 'recording.paused' WHERE seq = 2");
    const broken = runBuiltCli(home, ['audit', 'verify', '--json']);
    expect(broken.code).toBe(1);
    const verification = AuditVerificationSchema.parse(JSON.parse(broken.stdout)); // throws unless stdout is one document
    expect(verification).toMatchObject({ ok: false, events: 3, problem: { kind: 'edited', seq: 2, type: 'recording.paused' } });

    const text = runBuiltCli(home, ['audit', 'verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Event #2 (recording.paused) was altered');
  }, 60_000);

  it('list --recording ID --json prints the events as one JSON array', () => {
    const home = homeWithEvents();
    const listed = runBuiltCli(home, ['audit', 'list', '--recording', 'rec-2', '--json']);
    expect(listed.code).toBe(0);
    expect(AuditEventSchema.array().parse(JSON.parse(listed.stdout)).map((e) => e.recordingId)).toEqual(['rec-2']);
  }, 60_000);
});
