// Small durability helpers: a file is only "written" once its bytes and its directory entry are on disk.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a whole file atomically: temp file, fsync, rename, fsync of the directory. */
export function writeFileDurable(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Turns a low-level I/O error into an AppError with a message a user can act on. */
export function ioError(error: unknown, what: string): AppError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('DISK_FULL', `The disk is full while ${what}. Free some space; nothing already recorded was lost.`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('IO_ERROR', `Fieldtape is not allowed to write while ${what} (${code}). Check the data folder's permissions.`);
  }
  return new AppError('IO_ERROR', `Input/output error while ${what}${code ? ` (${code})` : ''}.`);
}
