// What one recovery pass did: which recordings came back (and how), which it left alone because a live
// process owns them (which process, since when), and which had nothing durable to come back. The CLI
// prints it (human text and --json from the same report), the app turns it into a notice, and the exit
// code of `fieldtape recover` is derived from it here, so all three agree.
import type { RecordingSnapshot, RecordingStatus } from '../../../shared/domain/recording';

export interface RecoveredRecording {
  /** The recording after recovery: ready, or failed with the reason. */
  recording: RecordingSnapshot;
  /** The state the crash left it in. */
  from: RecordingStatus;
}

export interface SkippedRecording {
  id: string;
  title: string;
  state: RecordingStatus;
  /** The live process that owns it. */
  owner: { pid: number; app: string; command: string; since: string };
  reason: string;
}

export interface EmptyRecording {
  id: string;
  title: string;
  from: RecordingStatus;
  reason: string;
}

export interface RecoveryReport {
  recovered: RecoveredRecording[];
  skipped: SkippedRecording[];
  /** Interrupted before any chunk was durable: nothing to recover; they are marked failed. */
  nothingDurable: EmptyRecording[];
  /** What went wrong unexpectedly (id null: the pass itself); the journals are untouched. */
  errors: Array<{ id: string | null; title: string | null; message: string }>;
}

export function emptyReport(): RecoveryReport {
  return { recovered: [], skipped: [], nothingDurable: [], errors: [] };
}

/**
 * `fieldtape recover`'s exit code (docs/recording.md): 0 recovered, 2 nothing to do, 3 skipped something
 * another live process owns (run it again once that one ended), 1 a recovered recording failed to finalize.
 */
export const RECOVER_EXIT = { recovered: 0, failed: 1, nothingToDo: 2, skipped: 3 } as const;

export function recoverExitCode(report: RecoveryReport): number {
  if (report.errors.length > 0 || report.recovered.some((r) => r.recording.state !== 'ready')) return RECOVER_EXIT.failed;
  if (report.skipped.length > 0) return RECOVER_EXIT.skipped;
  if (report.recovered.length > 0 || report.nothingDurable.length > 0) return RECOVER_EXIT.recovered;
  return RECOVER_EXIT.nothingToDo;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (r: RecordingSnapshot) => (r.durationSec === null ? '—' : `${r.durationSec.toFixed(1)} s`);

/** The report for a terminal: one section per outcome, one line per recording. */
export function describeReport(report: RecoveryReport): string {
  const lines: string[] = [];
  if (report.recovered.length) {
    lines.push(`Recovered ${plural(report.recovered.length, 'recording')}:`);
    for (const { recording: r, from } of report.recovered) {
      const outcome = r.detail.status === 'failed' ? `FAILED: ${r.detail.error.message}` : `${r.state}  ${seconds(r)}`;
      lines.push(`  ${r.id}  ${outcome}  ${r.title}  (was ${from})`);
      if (r.detail.status === 'ready') for (const warning of r.detail.warnings ?? []) lines.push(`    salvaged: ${warning}`);
    }
  }
  if (report.skipped.length) {
    lines.push(`Skipped ${plural(report.skipped.length, 'recording')} another live process owns (run \`fieldtape recover\` again once it has ended):`);
    for (const s of report.skipped) lines.push(`  ${s.id}  ${s.state}  ${s.title}  — ${s.reason}`);
  }
  if (report.nothingDurable.length) {
    lines.push(`Nothing durable in ${plural(report.nothingDurable.length, 'recording')} (marked failed):`);
    for (const e of report.nothingDurable) lines.push(`  ${e.id}  ${e.title}  — ${e.reason}`);
  }
  if (report.errors.length) {
    lines.push(`Could not recover ${plural(report.errors.length, 'recording')} (the journals are kept; see the log):`);
    for (const e of report.errors) lines.push(`  ${e.id ?? '(recovery)'}  ${e.title ?? ''}  — ${e.message}`);
  }
  return lines.length ? lines.join('\n') : 'Nothing to recover.';
}

/** What the app tells the user at start; null when there is nothing to say. */
export function recoveryNotice(report: RecoveryReport): { level: 'info' | 'warning' | 'error'; message: string } | null {
  const parts: string[] = [];
  const back = report.recovered.filter((r) => r.recording.state === 'ready');
  const failed = report.recovered.filter((r) => r.recording.state !== 'ready');
  if (back.length) {
    parts.push(`Recovered ${plural(back.length, 'recording')} after an unexpected stop: ${back.map(({ recording: r }) => `${r.title} (${seconds(r)})`).join(', ')}.`);
  }
  if (failed.length) parts.push(`${plural(failed.length, 'interrupted recording')} could not be finalized: ${failed.map(({ recording: r }) => `${r.title}${r.detail.status === 'failed' ? ` (${r.detail.error.message})` : ''}`).join(', ')}.`);
  if (report.nothingDurable.length) parts.push(`${plural(report.nothingDurable.length, 'recording')} stopped before anything was recorded: ${report.nothingDurable.map((e) => e.title).join(', ')}.`);
  if (report.skipped.length) {
    parts.push(`${plural(report.skipped.length, 'recording')} still belong${report.skipped.length === 1 ? 's' : ''} to another running Fieldtape process and ${report.skipped.length === 1 ? 'was' : 'were'} left alone: ${report.skipped.map((s) => `${s.title} (${s.reason})`).join(', ')}.`);
  }
  if (report.errors.length) parts.push(`Recovery after an unexpected stop failed for ${plural(report.errors.length, 'recording')}: ${report.errors.map((e) => e.message).join('; ')}. Their recorded chunks are kept; run \`fieldtape recover\` or restart the app to try again.`);
  if (!parts.length) return null;
  const level = report.errors.length ? 'error' : failed.length || report.nothingDurable.length ? 'warning' : 'info';
  return { level, message: parts.join(' ') };
}

/** "owner alive: pid 4242 (cli: record --source testsrc) since 2026-12-03T10:00:00.000Z" */
export function ownerReason(owner: SkippedRecording['owner']): string {
  return `owner alive: pid ${owner.pid} (${owner.app}${owner.command ? `: ${owner.command}` : ''}) since ${owner.since}`;
}
