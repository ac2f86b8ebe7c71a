// The committed icons are what build/icons.mjs makes from assets/icon.svg, in the sizes the packages use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePng, ICO_SIZES, parseIconSvg, PNG_SIZES, rasterize } from '../../build/icons.mjs';

const assets = fileURLToPath(new URL('../../assets/', import.meta.url));
const svg = readFileSync(join(assets, 'icon.svg'), 'utf8');

describe('icons', () => {
  it('has every Linux PNG size, each matching a fresh rendering of the SVG (small sizes compared pixel by pixel)', () => {
    const icon = parseIconSvg(svg);
    for (const size of PNG_SIZES) {
      const png = decodePng(readFileSync(join(assets, 'icons', `${size}x${size}.png`)));
      expect(png.size).toBe(size);
      // Rendering 512 px takes about a second; the small sizes prove the files came from this SVG.
      if (size <= 64) expect(png.rgba.equals(rasterize(icon, size)), `${size}x${size}`).toBe(true);
    }
  });

  it('has a Windows .ico with PNG entries for every size up to 256', () => {
    const ico = readFileSync(join(assets, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => {
      const entry = 6 + 16 * i;
      const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      const decoded = decodePng(png);
      expect(ico[entry] === 0 ? 256 : ico[entry]).toBe(decoded.size);
      return decoded.size;
    });
    expect(sizes).toEqual(ICO_SIZES);
  });

  it('refuses SVG it cannot draw instead of drawing it wrong', () => {
    expect(() => parseIconSvg('<svg viewBox="0 0 10 10"><path d="M0 0" fill="#000000"/></svg>')).toThrow(/<path> is not supported/);
    expect(() => parseIconSvg('<svg viewBox="0 0 10 10"><rect width="5" height="5" fill="red"/></svg>')).toThrow(/#rrggbb/);
    expect(() => parseIconSvg('<svg><rect/></svg>')).toThrow(/viewBox/);
  });
});
