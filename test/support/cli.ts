// Runs the built `fieldtape` CLI as a real child process against a given FIELDTAPE_HOME.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { AuditEventSchema } from '../../shared/domain/audit';
import { RecordingSnapshotSchema, RecordingStatusSchema, type RecordingSnapshot } from '../../shared/domain/recording';
import { AppErrorSchema } from '../../shared/errors';
import { REPO_ROOT } from './temp-home';

export const CLI = path.join(REPO_ROOT, 'dist', 'main', 'cli.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: unknown;
}

// The CLI's JSON is checked against the contract's own schemas, so a test also proves the output's shape.
export const asRecording = (json: unknown): RecordingSnapshot => RecordingSnapshotSchema.parse(json);
export const asRecordings = (json: unknown): RecordingSnapshot[] => z.array(RecordingSnapshotSchema).parse(json);
export const asError = (json: unknown) => z.object({ ok: z.literal(false), error: AppErrorSchema }).parse(json).error;
export const asAuditEvents = (json: unknown) => z.array(AuditEventSchema).parse(json);
/** `fieldtape recover --json`: what came back, what was skipped (and whose), what had nothing durable. */
export const RecoveryReportSchema = z.object({
  recovered: z.array(z.object({ recording: RecordingSnapshotSchema, from: RecordingStatusSchema })),
  skipped: z.array(z.object({ id: z.string(), title: z.string(), state: RecordingStatusSchema, owner: z.object({ pid: z.number(), app: z.string(), command: z.string(), since: z.string() }), reason: z.string() })),
  nothingDurable: z.array(z.object({ id: z.string(), title: z.string(), from: RecordingStatusSchema, reason: z.string() })),
  errors: z.array(z.object({ id: z.string().nullable(), title: z.string().nullable(), message: z.string() })),
});
export type RecoveryReportJson = z.infer<typeof RecoveryReportSchema>;
export const asRecoveryReport = (json: unknown): RecoveryReportJson => RecoveryReportSchema.parse(json);
/** The recordings `recover --json` brought back (ready or failed). */
export const recoveredRecordings = (json: unknown): RecordingSnapshot[] => asRecoveryReport(json).recovered.map((r) => r.recording);
/** A failed recording's error, or the error document a command printed when it could not record one. */
export function failureOf(json: unknown) {
  const recording = RecordingSnapshotSchema.safeParse(json);
  if (recording.success) {
    if (recording.data.detail.status !== 'failed') throw new Error(`expected a failed recording, got ${recording.data.state}`);
    return recording.data.detail.error;
  }
  return asError(json);
}

export function runCli(home: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...options.env, FIELDTAPE_HOME: home },
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 180_000,
  });
  let json: unknown = undefined;
  if (args.includes('--json')) json = JSON.parse(r.stdout);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

export function spawnCli(home: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: { stdout: string; stderr: string } } {
  // The engine's log goes to stderr too (FIELDTAPE_LOG_STDERR), so a test that fails can say what the child did.
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FIELDTAPE_LOG_STDERR: '1', ...env, FIELDTAPE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output.stderr += d.toString()));
  return Object.assign(child, { output });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until `list` shows, among the recordings, one that `pick` accepts while the `record` child runs,
 * and returns it. If it never does, the error says what `list` last answered (every recording's state,
 * chunks and detail, or the error object it printed) and what the recorder printed: a timeout alone
 * explains nothing.
 */
export async function waitForListed(home: string, child: ReturnType<typeof spawnCli>, pick: (r: RecordingSnapshot) => boolean, timeoutMs: number, what: string): Promise<RecordingSnapshot> {
  let last: CliRun | null = null;
  try {
    return await waitFor(() => {
      last = runCli(home, ['list', '--json']);
      // Seen once in CI: `list` answered an error object while `record` was starting in the same fresh home.
      if (!Array.isArray(last.json)) return null;
      return asRecordings(last.json).find(pick);
    }, timeoutMs, what);
  } catch (error) {
    const listed = last as CliRun | null;
    const seen = Array.isArray(listed?.json) ? asRecordings(listed.json).map((r) => ({ id: r.id, state: r.state, chunks: r.chunks, detail: r.detail })) : { json: listed?.json, code: listed?.code, stderr: listed?.stderr.slice(-2000) };
    const recorder = child.exitCode ?? child.signalCode ?? 'still running';
    throw new Error(`${(error as Error).message}. Last listed: ${JSON.stringify(seen)}. Recorder: ${recorder}; stderr: ${child.output.stderr.slice(-3000) || '(none)'}; stdout: ${child.output.stdout.slice(-1000) || '(none)'}`, { cause: error });
  }
}

/** The `record` child's recording, listed live with at least `chunks` durable chunks. */
export const waitForLiveChunks = (home: string, child: ReturnType<typeof spawnCli>, chunks: number, timeoutMs: number) =>
  waitForListed(home, child, (r) => r.state === 'recording' && r.chunks >= chunks, timeoutMs, `${chunks} durable chunks`);
