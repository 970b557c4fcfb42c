// `fieldtape deliver [ID…|--all]`: run delivery attempts now (whatever the schedule says) and report.
// Also the helpers other commands use: `record` delivers what it recorded, `show` adds each artifact's
// delivery facts.
import { parseArgs } from 'node:util';
import type { ArtifactDelivery, DeliverySnapshot } from '../../../shared/domain/delivery';
import { canCancelDelivery } from '../../../shared/domain/lifecycle';
import { RecordingIdSchema, type RecordingSnapshot } from '../../../shared/domain/recording';
import { type EngineCommand, type CliIo, UsageError } from '../command';
import type { Engine } from '../../engine';

export const deliverCommand: EngineCommand = {
  name: 'deliver',
  usage: 'fieldtape deliver [ID…|--all] [--json] | deliver --cancel ID | deliver --delete-local ID [--json]',
  summary: "deliver recordings to their profile's bucket now, and report each delivery",
  needsEngine: true,
  // A recording recovered first is ready, and so delivered, in the same run.
  recoverAtStart: 'wait',
  async run(args, io, engine) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { all: { type: 'boolean', default: false }, cancel: { type: 'string' }, 'delete-local': { type: 'string' } },
    });
    const service = engine.deliveries;
    if (values.cancel) {
      const snapshot = service.cancel(recordingId(values.cancel));
      io.result(snapshot, deliveryLine(snapshot));
      return 0;
    }
    if (values['delete-local']) {
      const id = recordingId(values['delete-local']);
      const row = service.get(id);
      if (row && canCancelDelivery(row.state)) service.cancel(id);
      const result = engine.delivery.retention.deleteLocal(id);
      io.result({ recordingId: id, ...result }, `Deleted the local files of ${id} (${(result.bytesFreed / 1e6).toFixed(1)} MB; ${result.delivered ? 'it was delivered' : 'it was NOT delivered'}).`);
      return 0;
    }
    for (const id of positionals) recordingId(id);
    if (values.all && positionals.length > 0) throw new UsageError('give recording ids or --all, not both');
    const ids = positionals.length > 0 ? positionals : service.pendingIds();
    if (positionals.length > 0) for (const id of ids) if (!service.ensure(id)) throw new UsageError(`${id} has no delivery: it is not finished, or not bound to a profile (see \`fieldtape profile use\`)`);
    if (ids.length > 0) io.say(`Delivering ${ids.length} recording${ids.length === 1 ? '' : 's'}…`);
    const done = await service.deliverNow(ids);
    // Time-stamps whose TSA was down earlier and whose next try (on the delivery schedule) is due.
    const stamped = await engine.delivery.timestamps.runDue();
    if (stamped > 0) io.say(`Tried ${stamped} pending receipt time-stamp${stamped === 1 ? '' : 's'}.`);
    while (engine.delivery.retention.sweep().more);
    const single = positionals.length === 1;
    io.result(single ? done[0] : done, done.length ? done.map(deliveryLine).join('\n') : 'Nothing to deliver.');
    return done.every((d) => d.state === 'delivered') ? 0 : 1;
  },
};

function recordingId(value: string): string {
  if (!RecordingIdSchema.safeParse(value).success) throw new UsageError(`"${value}" is not a recording id (they look like rec_…)`);
  return value;
}

export function deliveryLine(d: DeliverySnapshot): string {
  const where = `${d.profileName ?? d.profileId} → ${d.bucket ?? '?'}`;
  switch (d.detail.status) {
    case 'delivered':
      return `${d.recordingId}  delivered  ${d.objects.length} objects  ${where}  (${d.attempts} attempt${d.attempts === 1 ? '' : 's'})`;
    case 'waiting':
      return `${d.recordingId}  waiting until ${d.detail.until} (${d.detail.reason})  after: ${d.detail.error.message}`;
    case 'paused':
      return `${d.recordingId}  PAUSED${d.detail.until ? ` (next try ${d.detail.until})` : ''}: ${d.detail.error.message}`;
    case 'failed':
      return `${d.recordingId}  FAILED permanently: ${d.detail.error.message}`;
    case 'uploading':
      return `${d.recordingId}  uploading ${d.bytesTotal ? Math.floor((100 * d.bytesDone) / d.bytesTotal) : 0}%  ${where}`;
    default:
      return `${d.recordingId}  ${d.state}  ${where}`;
  }
}

/** The recording with a `delivery` on each artifact (state, key, etag, attempts, nextAttemptAt, lastError). */
export function withArtifactDelivery(engine: Engine, recording: RecordingSnapshot): RecordingSnapshot & { artifacts: Array<RecordingSnapshot['artifacts'][number] & { delivery: ArtifactDelivery }> } {
  const byKind = engine.deliveries.artifactDelivery(recording);
  return {
    ...recording,
    artifacts: recording.artifacts.map((a) => ({
      ...a,
      delivery: byKind.get(a.kind) ?? { state: 'not-delivered', key: null, etag: null, sha256: null, attempts: 0, nextAttemptAt: null, lastError: null },
    })),
  };
}

/** After `record`: deliver the recording now if it is bound to a profile; the schedule takes over on failure. */
export async function deliverAfterRecord(engine: Engine, recording: RecordingSnapshot, io: CliIo): Promise<DeliverySnapshot | null> {
  if (recording.state !== 'ready' || !recording.profileId) return null;
  if (!engine.deliveries.ensure(recording.id)) return null;
  io.say(`Delivering ${recording.id}…`);
  const [done] = await engine.deliveries.deliverNow([recording.id]);
  if (done) io.say(deliveryLine(done));
  return done ?? null;
}
