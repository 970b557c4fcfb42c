// Bytes a file or folder takes, counted without following symbolic links: what deleting it frees, as
// the delete plan and the retention audit events report it. A path that does not exist counts 0.
import fs from 'node:fs';
import path from 'node:path';

export function bytesOf(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return 0;
  }
  if (stat.isFile()) return stat.size;
  if (!stat.isDirectory()) return 0;
  let entries: string[];
  try {
    entries = fs.readdirSync(target);
  } catch {
    return 0;
  }
  return entries.reduce((sum, entry) => sum + bytesOf(path.join(target, entry)), 0);
}
