// `fieldtape record`: capture from the test pattern, the screen, a camera, or import a file, into the
// same journal the app uses. Ctrl-C (SIGINT) or SIGTERM stops and finalizes; SIGKILL leaves a journal
// that `fieldtape recover` finalizes.
import { parseArgs } from 'node:util';
import type { RecordingSnapshot, RecordingSource } from '../../../shared/domain/recording';
import { TicketSchema } from '../../../shared/domain/ticket';
import { AppError } from '../../../shared/errors';
import { assertImportable, importMimeFor, journalFile } from '../../core/recording/capture/file-import';
import { CAPTURE_MIME, startDeviceCapture } from '../../core/recording/capture/device-capture';
import { type EngineCommand, UsageError } from '../command';
import { deliverAfterRecord } from './deliver';
import { describeRecording } from './recordings';

export function parseSource(value: string | undefined): RecordingSource {
  if (value === 'testsrc' || value === 'screen' || value === 'camera') return { kind: value };
  if (value?.startsWith('file:') && value.length > 5) return { kind: 'file', path: value.slice(5) };
  throw new UsageError(`--source must be testsrc, screen, camera or file:PATH (got "${value ?? ''}")`);
}

export const recordCommand: EngineCommand = {
  name: 'record',
  usage: 'fieldtape record --source testsrc|screen|camera|file:PATH [--duration SEC] [--title TEXT] [--ticket REF] [--profile NAME] [--no-deliver] [--json]',
  summary: 'record (or import) into the library, then finalize to MP4, snapshot, filmstrip and manifest',
  needsEngine: true,
  // What an earlier crash left is finished meanwhile; a new recording need not wait for it.
  recoverAtStart: 'background',
  async run(args, io, engine) {
    const { values } = parseArgs({
      args,
      options: { source: { type: 'string' }, duration: { type: 'string' }, title: { type: 'string' }, ticket: { type: 'string' }, profile: { type: 'string' }, 'no-deliver': { type: 'boolean', default: false } },
      allowPositionals: false,
    });
    const source = parseSource(values.source);
    const durationSec = values.duration === undefined ? null : Number(values.duration);
    if (durationSec !== null && !(durationSec > 0 && durationSec <= 24 * 3600)) throw new UsageError('--duration must be a number of seconds between 0 and 86400');
    const ticket = parseTicket(values.ticket);
    const service = engine.recordings;
    // Bound to the named profile, or (when none is named) to the active one.
    const profileId = values.profile === undefined ? undefined : engine.delivery.profiles.mustGet(values.profile).id;

    let finished: RecordingSnapshot;
    if (source.kind === 'file') {
      assertImportable(source.path);
      const recording = await service.create({ source, title: values.title, ticket, mime: importMimeFor(source.path), profileId });
      io.say(`Importing ${source.path} as ${recording.id}…`);
      await journalFile(service, recording.id, source.path);
      finished = await service.stop(recording.id);
    } else {
      const recording = await service.create({ source, title: values.title, ticket, mime: CAPTURE_MIME, profileId });
      io.say(`Recording ${recording.id} from ${source.kind}${durationSec ? ` for ${durationSec} s` : ''}; press Ctrl-C to stop.`);
      const capture = startDeviceCapture({ service, recordingId: recording.id, ffmpegPath: engine.ffmpeg().path, source, durationSec, log: engine.log });
      const interrupted = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const why = await Promise.race([capture.ended.then(() => 'ended'), interrupted]);
      if (why !== 'ended') io.say(`${why}: stopping and finalizing…`);
      finished = await stopUnlessFinished(recording.id, engine.recordings);
    }
    if (!values['no-deliver']) await deliverAfterRecord(engine, finished, io);
    io.result(finished, describeRecording(finished));
    return finished.state === 'ready' ? 0 : 1;
  },
};

function parseTicket(value: string | undefined): string | null {
  if (value === undefined) return null;
  const parsed = TicketSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--ticket: ${parsed.error.issues[0]?.message ?? 'not a ticket reference'}`);
  return parsed.data;
}

async function stopUnlessFinished(id: string, service: { get(id: string): RecordingSnapshot; stop(id: string): Promise<RecordingSnapshot> }) {
  const state = service.get(id).state;
  if (state === 'failed' || state === 'ready') return service.get(id);
  try {
    return await service.stop(id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'ILLEGAL_TRANSITION') return service.get(id);
    throw error;
  }
}
