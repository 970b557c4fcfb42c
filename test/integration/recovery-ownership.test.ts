// Two live processes never own one recording: the CLI and the web shell started together on one data folder
// (and several `fieldtape recover` at once) recover each interrupted recording exactly once, and a recording
// a live process is making is left to it — `recover` says so, names the owner and since when, and exits 3.
// Real processes, real SIGKILL, real SQLite and ffmpeg.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { scanJournal } from '../../main/core/recording/journal-reader';
import type { Notice } from '../../shared/contract';
import { asAuditEvents, asRecoveryReport, CLI, runCli, waitFor } from '../support/cli';
import { runCliAsync } from '../support/cli-async';
import { connectContract } from '../support/contract-client';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';

const SMALL = { FIELDTAPE_TESTSRC_SIZE: '320x180' };
const homes: Array<{ cleanup(): void }> = [];
const shells: RunningWebShell[] = [];
afterAll(async () => {
  for (const shell of shells) await shell.stop();
  homes.forEach((h) => h.cleanup());
});
function home(prefix: string): string {
  const h = makeTempHome(prefix);
  homes.push(h);
  return h.dir;
}

function spawnGroup(dir: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...SMALL, FIELDTAPE_HOME: dir }, stdio: 'ignore', detached: true });
}
const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

function stateOf(dir: string, title: string): { id: string; state: string } | undefined {
  const file = path.join(dir, 'fieldtape.db');
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return db.prepare('SELECT id, state FROM recordings WHERE title = ?').get(title) as { id: string; state: string } | undefined;
  } catch (error) {
    // The CLI that creates the database may not have run its migrations yet.
    if (/no such table/.test(String(error))) return undefined;
    throw error;
  } finally {
    db.close();
  }
}

/** Starts `count` recordings at once and SIGKILLs their process groups once each has durable media. */
async function interruptedRecordings(dir: string, count: number): Promise<string[]> {
  const titles = Array.from({ length: count }, (_, i) => `interrupted ${i}`);
  const children = titles.map((title) => spawnGroup(dir, ['record', '--source', 'testsrc', '--duration', '60', '--no-deliver', '--title', title]));
  for (const title of titles) await waitFor(() => stateOf(dir, title)?.state === 'recording', 60_000, `${title} recording`);
  await new Promise((r) => setTimeout(r, 1_500));
  for (const child of children) process.kill(-child.pid!, 'SIGKILL');
  await Promise.all(children.map(exitOf));
  return titles.map((t) => stateOf(dir, t)!.id);
}

function auditTypes(dir: string, id: string): string[] {
  return asAuditEvents(runCli(dir, ['audit', 'list', '--json']).json)
    .filter((e) => e.recordingId === id)
    .map((e) => e.type);
}

async function notices(shell: RunningWebShell): Promise<Notice[]> {
  const url = new URL(shell.url);
  const client = await connectContract(Number(url.port), url.searchParams.get('token')!);
  try {
    const result = await client.call<Notice[]>('app.notices', {});
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  } finally {
    client.close();
  }
}

describe('one owner per recording', () => {
  it('leaves a recording the CLI is making to it: recover and a web shell started meanwhile skip it, naming the owner', { timeout: 180_000 }, async () => {
    const dir = home('fieldtape-owner-live-');
    const title = 'made by the CLI';
    const recorder = spawn(process.execPath, [CLI, 'record', '--source', 'testsrc', '--duration', '8', '--no-deliver', '--title', title, '--json'], { env: { ...process.env, ...SMALL, FIELDTAPE_HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    recorder.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => stateOf(dir, title)?.state === 'recording', 60_000, 'the CLI recording');
    const id = stateOf(dir, title)!.id;

    // Started together: the web shell's own start-up recovery and a `fieldtape recover`.
    const [shell, recovered] = await Promise.all([startWebShellProcess(dir, SMALL), runCliAsync(dir, ['recover', '--json'], SMALL)]);
    shells.push(shell);
    expect(recovered.code, recovered.stderr).toBe(3);
    const report = asRecoveryReport(recovered.json);
    expect(report.recovered).toEqual([]);
    expect(report.skipped).toEqual([
      { id, title, state: 'recording', owner: { pid: recorder.pid, app: 'cli', command: 'fieldtape record', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }, reason: expect.stringContaining(`owner alive: pid ${recorder.pid} (cli: fieldtape record) since `) },
    ]);
    // The text says the same.
    const text = await runCliAsync(dir, ['recover'], SMALL);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('Skipped 1 recording another live process owns');
    expect(text.stdout).toContain(`${id}  recording  ${title}  — owner alive: pid ${recorder.pid}`);
    await waitFor(async () => (await notices(shell)).some((n) => n.message.includes('still belongs to another running Fieldtape process')), 30_000, "the web shell's notice about the skipped recording");

    expect(await exitOf(recorder)).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ id, state: 'ready' });
    // Only the CLI wrote it: one segment, its records in unbroken sequence, no interruption in its history.
    const journal = path.join(dir, 'recordings', id, 'journal');
    const segments = fs.readdirSync(journal).filter((f) => f.endsWith('.ftj'));
    expect(segments).toEqual(['segment-000001.ftj']);
    const scan = scanJournal(path.join(journal, segments[0]!));
    expect(scan.problems).toEqual([]);
    expect(scan.records.map((r) => r.seq)).toEqual(scan.records.map((_, i) => i));
    expect(auditTypes(dir, id)).toEqual(['recording.started', 'recording.stopped', 'recording.finalized']);
  });

  it('recovers each interrupted recording exactly once when the CLI and the web shell start together', { timeout: 240_000 }, async () => {
    const dir = home('fieldtape-owner-race-');
    const ids = await interruptedRecordings(dir, 3);
    const [shell, cli] = await Promise.all([startWebShellProcess(dir, SMALL), runCliAsync(dir, ['recover', '--json'], SMALL)]);
    shells.push(shell);
    expect([0, 2, 3], cli.stderr).toContain(cli.code);
    const report = asRecoveryReport(cli.json);
    // What the CLI skipped, the web shell owned at that moment.
    for (const s of report.skipped) expect(s.owner).toMatchObject({ pid: shell.process.pid, app: 'web' });
    await waitFor(() => ids.every((id) => stateOf(dir, `interrupted ${ids.indexOf(id)}`)?.state === 'ready'), 120_000, 'all three ready');
    for (const id of ids) {
      const types = auditTypes(dir, id);
      expect(types.filter((t) => t === 'recording.recovered'), `${id} recovered once`).toHaveLength(1);
      expect(types.filter((t) => t === 'recording.finalized'), `${id} finalized once`).toHaveLength(1);
    }
    const byCli = report.recovered.map((r) => r.recording.id);
    const byWeb = ids.filter((id) => !byCli.includes(id));
    if (byWeb.length > 0) {
      await waitFor(async () => (await notices(shell)).some((n) => n.message.startsWith(`Recovered ${byWeb.length} recording${byWeb.length === 1 ? '' : 's'} after an unexpected stop`)), 30_000, "the web shell's recovery notice");
    }
    process.stderr.write(`race: the CLI recovered ${byCli.length}, the web shell ${byWeb.length}, the CLI skipped ${report.skipped.length}\n`);
  });

  it('recovers each interrupted recording exactly once with four `fieldtape recover` at once', { timeout: 240_000 }, async () => {
    const dir = home('fieldtape-owner-many-');
    const ids = await interruptedRecordings(dir, 3);
    const runs = await Promise.all(Array.from({ length: 4 }, () => runCliAsync(dir, ['recover', '--json'], SMALL)));
    for (const run of runs) expect([0, 2, 3], run.stderr).toContain(run.code);
    const recovered = runs.flatMap((run) => asRecoveryReport(run.json).recovered.map((r) => r.recording.id));
    expect(recovered.sort()).toEqual([...ids].sort());
    // A recover that skipped one ran while another recover owned it: run again, nothing is left.
    const again = runCli(dir, ['recover', '--json']);
    expect(again.code).toBe(2);
    for (const id of ids) expect(auditTypes(dir, id).filter((t) => t === 'recording.recovered')).toHaveLength(1);
  });
});
