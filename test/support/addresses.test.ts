import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AddressBlock } from './addresses.js';
import { ADDRESS_BLOCKS } from './addresses.js';

// Lab test files run in parallel; this keeps their loopback addresses apart (see addresses.ts).
const TEST_ROOT = join(import.meta.dirname, '..');
// A whole address, not a shorthand such as "127.0.62.1x" in a comment.
const ADDRESS = /127\.0\.([1-9]\d*)\.(\d+)(?![\dx])/g;

const asNumber = (address: string): number => address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
const contains = (block: AddressBlock, address: string): boolean =>
  asNumber(block.from) <= asNumber(address) && asNumber(address) <= asNumber(block.to);

/** What is wrong with one file's addresses against a registry: each address outside the file's own blocks. */
function straysIn(file: string, text: string, blocks: readonly AddressBlock[]): string[] {
  const strays: string[] = [];
  for (const match of text.matchAll(ADDRESS)) {
    if (blocks.some((block) => block.owner === file && contains(block, match[0]))) continue;
    const holder = blocks.find((block) => contains(block, match[0]));
    strays.push(
      `${file}: ${match[0]} ${holder ? `is in ${holder.owner}'s block` : 'is in no block (add one to test/support/addresses.ts)'}`,
    );
  }
  return strays;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the test address registry', () => {
  const files = testFiles(TEST_ROOT).map((path) => relative(TEST_ROOT, path).split('\\').join('/'));

  it('names every address a test file uses inside a block that file owns', () => {
    const strays: string[] = [];
    for (const file of files) {
      if (file === 'support/addresses.ts' || file === 'support/addresses.test.ts') continue;
      const text = readFileSync(join(TEST_ROOT, file), 'utf8');
      for (const match of text.matchAll(ADDRESS)) {
        const owned = ADDRESS_BLOCKS.some((block) => block.owner === file && contains(block, match[0]));
        if (!owned) {
          const holder = ADDRESS_BLOCKS.find((block) => contains(block, match[0]));
          strays.push(
            `${file}: ${match[0]} ${holder ? `is in ${holder.owner}'s block` : 'is in no block (add one to test/support/addresses.ts)'}`,
          );
        }
      }
    }
    expect([...new Set(strays)]).toEqual([]);
  });

  it('has no two blocks that overlap', () => {
    const sorted = [...ADDRESS_BLOCKS].sort((a, b) => asNumber(a.from) - asNumber(b.from));
    const overlaps: string[] = [];
    for (const [index, block] of sorted.entries()) {
      if (asNumber(block.from) > asNumber(block.to)) overlaps.push(`${block.owner}: ${block.from} is after ${block.to}`);
      const next = sorted[index + 1];
      if (next && asNumber(next.from) <= asNumber(block.to))
        overlaps.push(`${block.owner} ${block.from}-${block.to} and ${next.owner} ${next.from}-${next.to}`);
    }
    expect(overlaps).toEqual([]);
  });

  it('lists only files that exist', () => {
    expect(ADDRESS_BLOCKS.map((block) => block.owner).filter((owner) => !files.includes(owner))).toEqual([]);
  });

  it("reports an address in another file's block, or in none (the check can fail)", () => {
    const blocks: AddressBlock[] = [
      { owner: 'a.test.ts', from: '127.0.200.10', to: '127.0.200.19' },
      { owner: 'b.test.ts', from: '127.0.200.20', to: '127.0.200.29' },
    ];
    const text = "startLab('127.0.200.10'); connect('127.0.200.21'); connect('127.0.201.1'); // 127.0.200.3x";
    expect(straysIn('a.test.ts', text, blocks)).toEqual([
      "a.test.ts: 127.0.200.21 is in b.test.ts's block",
      'a.test.ts: 127.0.201.1 is in no block (add one to test/support/addresses.ts)',
    ]);
  });
});
