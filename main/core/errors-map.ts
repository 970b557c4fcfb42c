// Turns errors from libraries (SQLite, the file system) into AppErrors a user can act on. The engine's
// door (the router) and the CLI both use it, so the same failure reads the same way everywhere.
import { AppError } from '../../shared/errors';
import { ioError } from './fs-durable';

export function toAppError(error: unknown, what: string): AppError | null {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown })?.code;
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'DISK_FULL',
      `The disk is full: Fieldtape could not update its library while ${what}. Free some space, then run ` +
        '`fieldtape recover`; nothing already recorded was lost.',
    );
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new AppError('IO_ERROR', `Fieldtape cannot write its library while ${what} (${code}). Check the data folder's permissions.`);
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return ioError(error, what);
  return null;
}
