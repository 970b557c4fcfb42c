// Reads a Fieldtape database's audit log read-only, for `fieldtape verify --database FILE`: the bucket owner
// is handed a device's fieldtape.db (or a copy of it) and asks whether it still agrees with what the
// receipts in the bucket anchored. Nothing is written, not even a migration.
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { createAuditStore, type AuditHead, type StoredAuditRow } from './audit-store';

export interface AuditSnapshot {
  file: string;
  rows: StoredAuditRow[];
  head: AuditHead | null;
  deviceId: string | null;
}

export function readAuditDatabase(file: string): AuditSnapshot {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new AppError('NOT_FOUND', `Cannot open the database ${file} (${error instanceof Error ? error.message : String(error)}).`);
  }
  try {
    const audit = createAuditStore(db);
    const rows = audit.all();
    const head = audit.head() ?? null;
    let deviceId: string | null = null;
    try {
      deviceId = db.prepare<[], { device_id: string }>('SELECT device_id FROM evidence_device WHERE id = 1').get()?.device_id ?? null;
    } catch {
      deviceId = null; // a database from before receipts (schema < 8)
    }
    return { file, rows, head, deviceId };
  } catch (error) {
    throw new AppError('CORRUPT_DATA', `${file} is not a Fieldtape database with an audit log (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    db.close();
  }
}
