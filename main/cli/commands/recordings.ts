// `fieldtape list`, `fieldtape show ID`, `fieldtape recover`: the library as the engine sees it.
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { RecordingIdSchema } from '../../../shared/domain/recording';
import { type CliCommand, UsageError } from '../command';
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

export const listCommand: CliCommand = {
  name: 'list',
  usage: 'fieldtape list [--json]',
  summary: 'list recordings, newest first',
  needsEngine: true,
  async run(_args, io, engine) {
    const recordings = engine!.recordings.list(1000);
    io.result(recordings, recordings.length ? recordings.map((r) => describeRecording(r).split('\n')[0]).join('\n') : 'No recordings yet.');
    return 0;
  },
};

export const showCommand: CliCommand = {
  name: 'show',
  usage: 'fieldtape show ID [--json]',
  summary: 'show one recording with its artifacts and their SHA-256',
  needsEngine: true,
  async run(args, io, engine) {
    const id = args[0];
    if (!id || !RecordingIdSchema.safeParse(id).success) throw new UsageError(`"${id ?? ''}" is not a recording id (they look like rec_…)`);
    const recording = engine!.recordings.get(id);
    const delivery = engine!.delivery.service.get(id);
    io.result(withArtifactDelivery(engine!, recording), describeRecording(recording) + (delivery ? `\n  delivery: ${deliveryLine(delivery)}` : ''));
    return 0;
  },
};

export const recoverCommand: CliCommand = {
  name: 'recover',
  usage: 'fieldtape recover [--json]',
  summary: 'rebuild and finalize every recording a crash or power loss interrupted',
  needsEngine: true,
  async run(_args, io, engine) {
    const recovered = await engine!.recordings.recoverAll();
    io.result(recovered, recovered.length ? recovered.map(describeRecording).join('\n') : 'Nothing to recover.');
    return recovered.every((r) => r.state === 'ready') ? 0 : 1;
  },
};
