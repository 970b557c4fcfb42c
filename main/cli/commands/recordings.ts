// `fieldtape list`, `fieldtape show ID`, `fieldtape recover`: the library as the engine sees it.
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { RecordingIdSchema } from '../../../shared/domain/recording';
import { describeReport, recoverExitCode } from '../../core/recording/recovery-report';
import { type EngineCommand, UsageError } from '../command';
import { deliveryLine, withArtifactDelivery } from './deliver';

export function describeRecording(r: RecordingSnapshot): string {
  const lines = [
    `${r.id}  ${r.state}  ${r.durationSec !== null ? `${r.durationSec.toFixed(1)} s` : '—'}  ${r.title}`,
    ...r.artifacts.map((a) => `  ${a.kind.padEnd(11)} ${String(a.bytes).padStart(11)} B  sha256 ${a.sha256}  ${a.path}`),
  ];
  if (r.detail.status === 'failed') lines.push(`  error: ${r.detail.error.message}`);
  if (r.detail.status === 'ready') for (const warning of r.detail.warnings ?? []) lines.push(`  salvaged: ${warning}`);
  return lines.join('\n');
}

export const listCommand: EngineCommand = {
  name: 'list',
  usage: 'fieldtape list [--json]',
  summary: 'list recordings, newest first',
  needsEngine: true,
  async run(_args, io, engine) {
    engine.recordings.reconcile(); // a recording whose owner died is interrupted, not live
    const recordings = engine.recordings.list(1000);
    io.result(recordings, recordings.length ? recordings.map((r) => describeRecording(r).split('\n')[0]).join('\n') : 'No recordings yet.');
    return 0;
  },
};

export const showCommand: EngineCommand = {
  name: 'show',
  usage: 'fieldtape show ID [--json]',
  summary: 'show one recording with its artifacts and their SHA-256',
  needsEngine: true,
  async run(args, io, engine) {
    const id = args[0];
    if (!id || !RecordingIdSchema.safeParse(id).success) throw new UsageError(`"${id ?? ''}" is not a recording id (they look like rec_…)`);
    engine.recordings.reconcile();
    const recording = engine.recordings.get(id);
    const delivery = engine.deliveries.get(id);
    io.result(withArtifactDelivery(engine, recording), describeRecording(recording) + (delivery ? `\n  delivery: ${deliveryLine(delivery)}` : ''));
    return 0;
  },
};

export const recoverCommand: EngineCommand = {
  name: 'recover',
  usage:
    'fieldtape recover [--json]\n' +
    '  Lists what it recovered, what it skipped and why (a live process owns it: which, since when), and what had\n' +
    '  nothing durable. Exit codes: 0 recovered, 2 nothing to recover, 3 skipped one another live process owns\n' +
    '  (run it again once that process has ended), 1 a recording could not be finalized (see docs/recording.md).',
  summary: 'rebuild and finalize every recording a crash or power loss interrupted',
  needsEngine: true,
  // The engine's start-up recovery is this command's whole job: it waits for it and prints its report.
  recoverAtStart: 'wait',
  async run(_args, io, engine) {
    const report = await engine.start();
    io.result(report, describeReport(report));
    return recoverExitCode(report);
  },
};
