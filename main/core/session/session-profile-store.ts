// The session profile (token endpoint, whether recording needs the remote side notified first, whether to
// record per participant), kept as one small JSON file in the data folder and validated on every read.
import fs from 'node:fs';
import { SESSION_PROFILE_DEFAULTS, SessionProfileSchema, type SessionProfile } from '../../../shared/domain/session';
import { AppError } from '../../../shared/errors';
import { ioError, writeFileDurable } from '../fs-durable';

export interface SessionProfileStore {
  get(): SessionProfile;
  update(change: Partial<SessionProfile>): SessionProfile;
}

export function createSessionProfileStore(file: string): SessionProfileStore {
  function get(): SessionProfile {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...SESSION_PROFILE_DEFAULTS };
      throw ioError(error, 'reading the session profile');
    }
    try {
      // Keys added in later versions fall back to their defaults.
      const parsed = SessionProfileSchema.safeParse({ ...SESSION_PROFILE_DEFAULTS, ...(JSON.parse(text) as object) });
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: an unreadable profile is reported below
    }
    throw new AppError('CORRUPT_DATA', `The session profile ${file} is not valid; fix or delete it to use the defaults.`);
  }

  return {
    get,
    update(change) {
      const parsed = SessionProfileSchema.safeParse({ ...get(), ...change });
      if (!parsed.success) {
        throw new AppError('INVALID_REQUEST', `Invalid session profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      try {
        writeFileDurable(file, JSON.stringify(parsed.data, null, 2));
      } catch (error) {
        throw ioError(error, 'saving the session profile');
      }
      return parsed.data;
    },
  };
}
