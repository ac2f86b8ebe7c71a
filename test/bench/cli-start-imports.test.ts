// A fast start (issue 12 item 5) depends on `ctha`'s entry chunk loading no heavy library up front: the
// commands are dynamic imports. This follows the built entry's static imports and checks none of them
// reaches ssh2, pdf-lib, node-forge or @signpdf (bench:start prints the timings; no timed assertion here).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENTRY = resolve('dist/cli/ctha.js');
const HEAVY = ['ssh2', 'pdf-lib', 'node-forge', '@signpdf/', 'fast-xml-parser', 'diff'];
const isHeavy = (name: string): boolean =>
  HEAVY.some((heavy) => (heavy.endsWith('/') ? name.startsWith(heavy) : name === heavy || name.startsWith(`${heavy}/`)));

/** Every module specifier the file imports statically (`import … from "x"` / `import "x"`), not `import("x")`. */
function staticImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["'];?$|^\s*import\s*["']([^"']+)["'];?$/gm)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

/** The static import closure of a built file: local chunk files followed, packages collected. */
function closure(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
    if (specifier.startsWith('.')) closure(join(dirname(file), specifier), seen, packages);
    else packages.add(specifier);
  }
  return packages;
}

describe.skipIf(!existsSync(ENTRY))('the built ctha entry', () => {
  it('loads no heavy library before a command is chosen', () => {
    const seen = new Set<string>();
    const packages = [...closure(ENTRY, seen)];
    expect(seen.size).toBeGreaterThan(1); // the walker followed the entry's shared chunk
    expect(packages.filter(isHeavy)).toEqual([]);
  });

  it('would notice a heavy library: some chunk of the CLI (the engine handlers loaded on first use) does reach ssh2', () => {
    const chunks = readdirSync(join(dirname(ENTRY), 'chunks')).filter((name) => name.endsWith('.js'));
    const reaching = chunks.filter((name) => [...closure(join(dirname(ENTRY), 'chunks', name))].includes('ssh2'));
    expect(reaching.length).toBeGreaterThan(0);
  });

  it('imports each command as its own chunk (the entry is small)', () => {
    const source = readFileSync(ENTRY, 'utf8');
    expect(source).toMatch(/import\(["']\.\/chunks\/audit-[A-Z0-9]+\.js["']\)/);
    expect(source.length).toBeLessThan(64 * 1024);
  });
});
