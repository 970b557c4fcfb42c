import path from 'node:path';

/** Where one recording's files live under the data folder. */
export function recordingPaths(recordingsDir: string, id: string) {
  const dir = path.join(recordingsDir, id);
  return {
    dir,
    meta: path.join(dir, 'recording.json'),
    journal: path.join(dir, 'journal'),
    work: path.join(dir, 'work'),
    artifacts: path.join(dir, 'artifacts'),
    annotations: path.join(dir, 'annotations.json'),
  };
}
