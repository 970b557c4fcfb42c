// Draws the tray icons (resources/tray/*.png, 16 px and @2x 32 px) from simple shapes, so they can be
// regenerated instead of hand-edited: `node scripts/make-tray-icons.mjs`. Plain Node (zlib), no image library.
//   idle: grey ring · recording: red dot · paused: amber pause bars · uploading: blue up arrow
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'resources', 'tray');

const inCircle = (x, y, r) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= r * r;
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
// Upward triangle: apex (0.5, 0.1), base from (0.14, 0.54) to (0.86, 0.54).
const inArrowHead = (x, y) => y >= 0.1 && y <= 0.54 && Math.abs(x - 0.5) <= ((y - 0.1) / 0.44) * 0.36;

const ICONS = {
  idle: { color: [138, 138, 138], inside: (x, y) => inCircle(x, y, 0.42) && !inCircle(x, y, 0.27) },
  recording: { color: [229, 37, 42], inside: (x, y) => inCircle(x, y, 0.42) },
  paused: { color: [242, 169, 0], inside: (x, y) => inRect(x, y, 0.2, 0.16, 0.41, 0.84) || inRect(x, y, 0.59, 0.16, 0.8, 0.84) },
  uploading: { color: [47, 125, 225], inside: (x, y) => inArrowHead(x, y) || inRect(x, y, 0.38, 0.5, 0.62, 0.9) },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, { color, inside }) {
  const samples = 4; // 4×4 supersampling for smooth edges
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (inside((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
        }
      }
      row.set([...color, Math.round((255 * hits) / (samples * samples))], 1 + px * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method extras, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(outDir, { recursive: true });
for (const [name, icon] of Object.entries(ICONS)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(16, icon));
  fs.writeFileSync(path.join(outDir, `${name}@2x.png`), png(32, icon));
}
console.log(`tray icons written to ${path.relative(root, outDir)}`);
