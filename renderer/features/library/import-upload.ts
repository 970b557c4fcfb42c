// Uploads dropped or chosen files to the engine's import over the contract, in chunks, then asks it to
// check and adopt them. The same path serves the web shell (File objects, no paths) and Electron.

import type { LibraryEntry } from '../../../shared/domain/library';
import { api, unwrap } from '../../api/fieldtape';

export interface ImportProgress {
  file: string;
  sent: number;
  total: number;
  phase: 'uploading' | 'checking';
}

export async function uploadImport(files: File[], folder: string | null, onProgress: (p: ImportProgress) => void): Promise<LibraryEntry> {
  const plan = await unwrap(api.library.importBegin({ files: files.map((f) => ({ name: f.name, bytes: f.size })), folder }));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  let sent = 0;
  try {
    for (const file of files) {
      for (let offset = 0; offset < file.size; offset += plan.chunkBytes) {
        const data = new Uint8Array(await file.slice(offset, offset + plan.chunkBytes).arrayBuffer());
        await unwrap(api.library.importChunk({ importId: plan.importId, name: file.name, offset, data }));
        sent += data.byteLength;
        onProgress({ file: file.name, sent, total, phase: 'uploading' });
      }
    }
  } catch (error) {
    void api.library.importCancel({ importId: plan.importId });
    throw error;
  }
  onProgress({ file: files[0]?.name ?? '', sent: total, total, phase: 'checking' });
  return unwrap(api.library.importFinish({ importId: plan.importId }));
}

/** The files of a drop: a folder's top-level files (read through the entries API), or the files themselves. */
export async function filesFromDrop(transfer: DataTransfer): Promise<{ files: File[]; folder: string | null }> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  const directory = entries.find((e): e is FileSystemDirectoryEntry => !!e && e.isDirectory);
  if (directory && entries.length === 1) {
    const children = await readAll(directory.createReader());
    const files = await Promise.all(
      children.filter((c): c is FileSystemFileEntry => c.isFile).map((c) => new Promise<File>((resolve, reject) => c.file(resolve, reject))),
    );
    return { files, folder: directory.name };
  }
  return { files: [...transfer.files], folder: null };
}

/** A folder picked with <input webkitdirectory>: only the files directly inside it. */
export function filesFromFolderInput(list: FileList): { files: File[]; folder: string | null } {
  const files = [...list];
  const folder = files[0]?.webkitRelativePath.split('/')[0] ?? null;
  return { files: files.filter((f) => f.webkitRelativePath.split('/').length === 2), folder };
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}
