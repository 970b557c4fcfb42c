// Import into the library: drop a video file or a delivered recording's folder anywhere on the library
// (or choose one), watch it upload, and get either the new entry or a message that says what is wrong.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { LibraryEntry } from '../../../shared/domain/library';
import { formatBytes } from './format';
import { filesFromDrop, filesFromFolderInput, uploadImport, type ImportProgress } from './import-upload';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; progress: ImportProgress | null }
  | { kind: 'done'; entry: LibraryEntry }
  | { kind: 'error'; message: string };

export function useImportDrop(onImported: (entry: LibraryEntry) => void) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);

  async function start(files: File[], folder: string | null) {
    if (files.length === 0) {
      setStatus({ kind: 'error', message: 'Nothing to import: the drop contained no files.' });
      return;
    }
    setStatus({ kind: 'busy', progress: null });
    try {
      const entry = await uploadImport(files, folder, (progress) => setStatus({ kind: 'busy', progress }));
      setStatus({ kind: 'done', entry });
      onImported(entry);
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const dropHandlers = {
    onDragOver(event: DragEvent) {
      if (![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave(event: DragEvent) {
      if (event.currentTarget === event.target) setDragging(false);
    },
    onDrop(event: DragEvent) {
      event.preventDefault();
      setDragging(false);
      void filesFromDrop(event.dataTransfer).then(({ files, folder }) => start(files, folder));
    },
  };
  return { status, dragging, dropHandlers, start, clear: () => setStatus({ kind: 'idle' }) };
}

export function ImportControls({ status, onFiles, onClear, onOpen }: {
  status: Status;
  onFiles(files: File[], folder: string | null): void;
  onClear(): void;
  onOpen(entry: LibraryEntry): void;
}) {
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not in React's DOM typings: lets the input pick a whole folder.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  const busy = status.kind === 'busy';
  return (
    <div className="import">
      <label className="button">
        Import video…
        <input
          type="file"
          accept=".mp4,.m4v,.mov,.webm,.mkv,video/*"
          hidden
          disabled={busy}
          aria-label="Import video file"
          onChange={(e) => {
            if (e.currentTarget.files) onFiles([...e.currentTarget.files], null);
            e.currentTarget.value = '';
          }}
        />
      </label>
      <label className="button">
        Import delivered folder…
        <input
          ref={folderInput}
          type="file"
          hidden
          disabled={busy}
          aria-label="Import delivered folder"
          onChange={(e) => {
            if (e.currentTarget.files) {
              const { files, folder } = filesFromFolderInput(e.currentTarget.files);
              onFiles(files, folder);
            }
            e.currentTarget.value = '';
          }}
        />
      </label>
      <span className="hint">or drop a video, or the folder of a delivered recording, onto the library.</span>
      <div role="status" aria-live="polite" className="import-status">
        {status.kind === 'busy' &&
          (status.progress?.phase === 'uploading'
            ? `Uploading ${status.progress.file}: ${formatBytes(status.progress.sent)} of ${formatBytes(status.progress.total)}…`
            : status.progress?.phase === 'checking'
              ? 'Checking and adding to the library…'
              : 'Starting the import…')}
        {status.kind === 'done' && (
          <>
            Imported “{status.entry.title}”.{' '}
            <button type="button" className="link" onClick={() => onOpen(status.entry)}>
              Open it
            </button>
          </>
        )}
      </div>
      {status.kind === 'error' && (
        <p role="alert" className="error">
          Import failed: {status.message}{' '}
          <button type="button" className="link" onClick={onClear}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
