// The annotations sidecar of one recording: recordings/<id>/annotations.json. The renderer appends
// time-stamped annotation events while recording; finalize passes the file through as an artifact.
// Each append rewrites the file atomically (temp + fsync + rename), so a crash leaves the previous whole
// file, never a torn one. Appends to one recording are serialised.
import fs from 'node:fs';
import {
  ANNOTATION_SIDECAR_FORMAT,
  AnnotationSidecarSchema,
  type AnnotationSidecar,
  type SidecarEvent,
  type SidecarHeader,
} from '../../../shared/domain/annotation';
import { AppError } from '../../../shared/errors';
import { ioError, writeFileDurable } from '../fs-durable';

export interface AnnotationSidecarStore {
  append(header: SidecarHeader, events: SidecarEvent[]): Promise<{ events: number }>;
  read(recordingId: string): AnnotationSidecar | null;
}

export interface AnnotationSidecarDeps {
  /** Where the recording's sidecar lives; throws NOT_FOUND for an unknown recording. */
  fileFor(recordingId: string): string;
  /** Throws when the recording no longer accepts annotations (finalized or failed). */
  assertWritable(recordingId: string): void;
}

export function createAnnotationSidecarStore(deps: AnnotationSidecarDeps): AnnotationSidecarStore {
  const queues = new Map<string, Promise<unknown>>();

  function read(recordingId: string): AnnotationSidecar | null {
    const file = deps.fileFor(recordingId);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw ioError(error, 'reading the annotations sidecar');
    }
    const parsed = AnnotationSidecarSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new AppError('CORRUPT_DATA', `The annotations sidecar of ${recordingId} is not valid.`);
    return parsed.data;
  }

  function appendNow(header: SidecarHeader, events: SidecarEvent[]): { events: number } {
    deps.assertWritable(header.recordingId);
    const existing = read(header.recordingId);
    if (existing && existing.sessionId !== header.sessionId) {
      throw new AppError('CONFLICT', `Recording ${header.recordingId} belongs to session ${existing.sessionId}, not ${header.sessionId}.`);
    }
    const doc: AnnotationSidecar = existing ?? {
      format: ANNOTATION_SIDECAR_FORMAT,
      version: 1,
      coordinates: 'normalized-content',
      ...header,
      events: [],
    };
    doc.events.push(...events);
    try {
      writeFileDurable(deps.fileFor(header.recordingId), `${JSON.stringify(doc)}\n`);
    } catch (error) {
      throw ioError(error, 'saving the annotations sidecar');
    }
    return { events: doc.events.length };
  }

  return {
    read,
    append(header, events) {
      const previous = queues.get(header.recordingId) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(() => appendNow(header, events));
      queues.set(header.recordingId, next);
      void next.finally(() => {
        if (queues.get(header.recordingId) === next) queues.delete(header.recordingId);
      }).catch(() => undefined);
      return next;
    },
  };
}
