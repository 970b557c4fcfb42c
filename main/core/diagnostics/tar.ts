// A minimal ustar writer (and reader, for tests and verification), so a diagnostics bundle needs no
// archive dependency: `tar -xzf` on Linux and macOS, and the tar.exe built into Windows 10+, open it.
import zlib from 'node:zlib';

export interface TarEntry {
  /** Relative path with forward slashes, at most 100 bytes. */
  name: string;
  data: Buffer;
  mtime: Date;
}

const BLOCK = 512;

function header(entry: TarEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length > 100) throw new Error(`tar entry name too long: ${entry.name}`);
  const h = Buffer.alloc(BLOCK, 0);
  name.copy(h, 0);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  h.write(octal(0o644, 8), 100, 'ascii'); // mode
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(entry.data.length, 12), 124, 'ascii');
  h.write(octal(Math.floor(entry.mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('fieldtape', 265, 'ascii'); // uname
  h.write('fieldtape', 297, 'ascii'); // gname
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

export function tarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.data);
    const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return zlib.gzipSync(Buffer.concat(parts), { level: 9 });
}

/** Reads back what tarGz wrote (regular files only). */
export function untarGz(archive: Buffer): Array<{ name: string; data: Buffer }> {
  const tar = zlib.gunzipSync(archive);
  const out: Array<{ name: string; data: Buffer }> = [];
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const start = offset + BLOCK;
    out.push({ name, data: Buffer.from(tar.subarray(start, start + size)) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
