// @ts-check
// `npm run icons`: rasterises assets/icon.svg into the PNG sizes Linux packages use (assets/icons/NxN.png)
// and the Windows icon (assets/icon.ico). Pure code on node:zlib: no image library is installed, and the
// icon needs only filled rectangles, circles and polygons, so a small supersampling rasteriser does.
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Sizes of the Linux PNG set (hicolor theme folders) and of the Windows .ico entries. */
export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** @typedef {{ kind: 'rect', x: number, y: number, w: number, h: number, rx: number, color: number[] }
 *   | { kind: 'circle', cx: number, cy: number, r: number, color: number[] }
 *   | { kind: 'polygon', points: number[][], color: number[] }} Shape */

/** @param {string} tag @param {string} name */
function attr(tag, name) {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? match[1] : undefined;
}

/** @param {string} tag @param {string} name */
function num(tag, name, fallback = Number.NaN) {
  const text = attr(tag, name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value)) throw new Error(`icon SVG: ${name} missing or not a number in ${tag}`);
  return value;
}

/** Parses the SVG subset the icon uses: a 0 0 W H viewBox and rect/circle/polygon with #rrggbb fills. */
export function parseIconSvg(/** @type {string} */ svg) {
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (!viewBox) throw new Error('icon SVG: needs a viewBox="0 0 W H"');
  const body = svg.replace(/<!--[\s\S]*?-->/g, '');
  /** @type {Shape[]} */
  const shapes = [];
  for (const [tag, name] of body.matchAll(/<([a-zA-Z]+)\b[^>]*>/g)) {
    if (name === 'svg') continue;
    const fill = attr(tag, 'fill') ?? '';
    if (!/^#[0-9a-fA-F]{6}$/.test(fill)) throw new Error(`icon SVG: fill must be #rrggbb in ${tag}`);
    const color = [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16));
    if (name === 'rect')
      shapes.push({
        kind: 'rect',
        x: num(tag, 'x', 0),
        y: num(tag, 'y', 0),
        w: num(tag, 'width'),
        h: num(tag, 'height'),
        rx: num(tag, 'rx', 0),
        color,
      });
    else if (name === 'circle') shapes.push({ kind: 'circle', cx: num(tag, 'cx'), cy: num(tag, 'cy'), r: num(tag, 'r'), color });
    else if (name === 'polygon') {
      const values = (attr(tag, 'points') ?? '')
        .trim()
        .split(/[\s,]+/)
        .map(Number);
      if (values.length < 6 || values.length % 2 !== 0 || values.some((v) => !Number.isFinite(v)))
        throw new Error(`icon SVG: bad points in ${tag}`);
      shapes.push({ kind: 'polygon', points: values.flatMap((v, i) => (i % 2 === 0 ? [[v, values[i + 1] ?? 0]] : [])), color });
    } else throw new Error(`icon SVG: <${name}> is not supported (only rect, circle, polygon)`);
  }
  return { width: Number(viewBox[1]), height: Number(viewBox[2]), shapes };
}

/** @param {Shape} s @param {number} x @param {number} y */
function inside(s, x, y) {
  if (s.kind === 'circle') return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
  if (s.kind === 'rect') {
    if (x < s.x || y < s.y || x > s.x + s.w || y > s.y + s.h) return false;
    // Outside the corner squares the rectangle test is enough; inside them, the corner circle decides.
    const cx = Math.min(Math.max(x, s.x + s.rx), s.x + s.w - s.rx);
    const cy = Math.min(Math.max(y, s.y + s.rx), s.y + s.h - s.rx);
    return (x - cx) ** 2 + (y - cy) ** 2 <= s.rx ** 2;
  }
  let odd = false;
  for (let i = 0, j = s.points.length - 1; i < s.points.length; j = i++) {
    const [xi = 0, yi = 0] = s.points[i] ?? [];
    const [xj = 0, yj = 0] = s.points[j] ?? [];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/** Renders the parsed icon to size x size RGBA pixels, 4x4 samples per pixel, transparent background. */
export function rasterize(/** @type {ReturnType<typeof parseIconSvg>} */ icon, /** @type {number} */ size) {
  const n = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = ((px + (sx + 0.5) / n) / size) * icon.width;
          const y = ((py + (sy + 0.5) / n) / size) * icon.height;
          let top;
          for (const shape of icon.shapes) if (inside(shape, x, y)) top = shape;
          if (!top) continue;
          r += top.color[0] ?? 0;
          g += top.color[1] ?? 0;
          b += top.color[2] ?? 0;
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      // Colour averaged over covered samples only (the shapes are opaque), alpha is the coverage.
      if (a > 0) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (n * n))], o);
    }
  }
  return rgba;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as an 8-bit RGBA PNG (filter 0 on every row). */
export function encodePng(/** @type {number} */ size, /** @type {Buffer} */ rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Reads back a PNG written by encodePng: its size and RGBA pixels (other PNGs are refused). */
export function decodePng(/** @type {Buffer} */ png) {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  const size = png.readUInt32BE(16);
  /** @type {Buffer[]} */
  const idat = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    if (raw[y * (size * 4 + 1)] !== 0) throw new Error('decodePng reads only filter-0 rows');
    raw.copy(rgba, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1));
  }
  return { size, rgba };
}

/** Packs PNG images into an .ico file (PNG-compressed entries, read by Windows Vista and later). */
export function encodeIco(/** @type {{ size: number, png: Buffer }[]} */ images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    // 0 in the width/height bytes means 256.
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** Every icon file the packages need, keyed by its path under assets/. */
export function renderIcons(/** @type {string} */ svg) {
  const icon = parseIconSvg(svg);
  /** @type {Map<number, Buffer>} */
  const pngs = new Map();
  for (const size of new Set([...PNG_SIZES, ...ICO_SIZES])) pngs.set(size, encodePng(size, rasterize(icon, size)));
  /** @type {Record<string, Buffer>} */
  const files = {};
  for (const size of PNG_SIZES) files[`icons/${size}x${size}.png`] = /** @type {Buffer} */ (pngs.get(size));
  files['icon.png'] = /** @type {Buffer} */ (pngs.get(512));
  files['icon.ico'] = encodeIco(ICO_SIZES.map((size) => ({ size, png: /** @type {Buffer} */ (pngs.get(size)) })));
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const assets = fileURLToPath(new URL('../assets/', import.meta.url));
  const files = renderIcons(readFileSync(join(assets, 'icon.svg'), 'utf8'));
  mkdirSync(join(assets, 'icons'), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(assets, name), bytes);
  process.stdout.write(`icons: wrote ${Object.keys(files).length} files to assets/ from assets/icon.svg\n`);
}
