// Draws Quadro's app icons (the favicon's four squares) as real PNGs into public/; run once, commit the PNGs.
// Usage: node scripts/make-icons.mjs — no dependencies: a tiny rasterizer and Node's zlib.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const BACKGROUND = [0x1f, 0x4e, 0x79];
const WHITE = [0xff, 0xff, 0xff];
/** Samples per pixel side: 4×4 supersampling is enough for smooth rounded corners. */
const SUPERSAMPLE = 4;

/** The favicon's design in its 64-unit box: squares at 12..30 and 34..52, the last one at 60 % opacity. */
const SQUARES = [
  { x: 12, y: 12, alpha: 1 },
  { x: 34, y: 12, alpha: 1 },
  { x: 12, y: 34, alpha: 1 },
  { x: 34, y: 34, alpha: 0.6 },
];

function insideRoundedRect(px, py, x, y, w, h, r) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

/**
 * The colour of one sample point in 64-unit coordinates. `corner` rounds the background (0: a full
 * square, as maskable and Apple icons must be); `scale` shrinks the squares around the centre
 * (maskable icons keep their content inside the central safe zone).
 */
function sample(u, v, { corner, scale }) {
  if (!insideRoundedRect(u, v, 0, 0, 64, 64, corner)) return [0, 0, 0, 0];
  const su = 32 + (u - 32) / scale;
  const sv = 32 + (v - 32) / scale;
  for (const square of SQUARES) {
    if (insideRoundedRect(su, sv, square.x, square.y, 18, 18, 2)) {
      const a = square.alpha;
      return [...BACKGROUND.map((c, i) => c * (1 - a) + WHITE[i] * a), 255];
    }
  }
  return [...BACKGROUND, 255];
}

function render(size, options) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const u = ((x + (sx + 0.5) / SUPERSAMPLE) / size) * 64;
          const v = ((y + (sy + 0.5) / SUPERSAMPLE) / size) * 64;
          const [r, g, b, a] = sample(u, v, options);
          // Premultiplied, so transparent samples do not darken the edge.
          sum[0] += r * a;
          sum[1] += g * a;
          sum[2] += b * a;
          sum[3] += a;
        }
      }
      const offset = (y * size + x) * 4;
      const alpha = sum[3] / SUPERSAMPLE ** 2;
      for (let i = 0; i < 3; i++) pixels[offset + i] = sum[3] === 0 ? 0 : Math.round(sum[i] / sum[3]);
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

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

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS = [
  { file: 'pwa-192x192.png', size: 192, corner: 12, scale: 1 },
  { file: 'pwa-512x512.png', size: 512, corner: 12, scale: 1 },
  // Maskable: full bleed, content inside the 80 % safe circle (the squares' corners reach 0.8 × radius).
  { file: 'maskable-icon-512x512.png', size: 512, corner: 0, scale: 0.78 },
  // iOS draws its own rounded mask and shows transparency as black: a full, opaque square.
  { file: 'apple-touch-icon-180x180.png', size: 180, corner: 0, scale: 0.9 },
];

for (const icon of ICONS) {
  writeFileSync(PUBLIC_DIR + icon.file, encodePng(icon.size, render(icon.size, icon)));
  console.log(`public/${icon.file}`);
}
