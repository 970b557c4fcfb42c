// Imports an existing media file through the same journal as live capture, so an import is finalized,
// verified and delivered exactly like a recording. The bytes are journaled unchanged, 4 MiB at a time.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import type { RecordingService } from '../recording-service';

const IMPORT_CHUNK_BYTES = 4 * 1024 * 1024;

const MIME_BY_EXTENSION: Record<string, string> = {
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
};

export function importMimeFor(file: string): string {
  const mime = MIME_BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!mime) {
    throw new AppError('INVALID_REQUEST', `Cannot import ${path.basename(file)}: supported files are ${Object.keys(MIME_BY_EXTENSION).join(', ')}.`);
  }
  return mime;
}

export function assertImportable(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError('NOT_FOUND', `Cannot import ${file}: the file does not exist or cannot be read.`);
  }
  if (!stat.isFile()) throw new AppError('INVALID_REQUEST', `Cannot import ${file}: it is not a file.`);
  if (stat.size === 0) throw new AppError('INVALID_REQUEST', `Cannot import ${file}: the file is empty.`);
  importMimeFor(file);
}

/** Journals the whole file into segment 1 of an already created recording. */
export async function journalFile(service: RecordingService, recordingId: string, file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(IMPORT_CHUNK_BYTES);
    let seq = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await service.appendChunk(recordingId, 1, seq++, Buffer.from(buffer.subarray(0, bytesRead)));
    }
  } finally {
    await handle.close();
  }
}
