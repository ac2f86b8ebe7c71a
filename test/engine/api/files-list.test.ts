import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileHandlers, MAX_LISTED_ENTRIES } from '../../../engine/api/handlers/files.js';
import { fileOperations } from '../../../shared/contract/ops/files.js';

// files.list over two made-up roots: what the browser wizard's chooser may show, and what it must refuse.
const base = realpathSync(mkdtempSync(join(tmpdir(), 'ctha-files-')));
const home = join(base, 'home');
const scratch = join(base, 'scratch');
const outside = join(base, 'outside');
for (const dir of [home, scratch, outside, join(home, 'clusters'), join(home, 'many')]) mkdirSync(dir, { recursive: true });
writeFileSync(join(home, 'customer.ctha.json'), '{}');
writeFileSync(join(home, 'notes.txt'), 'x');
writeFileSync(join(home, '.hidden.ctha.json'), '{}');
writeFileSync(join(outside, 'secret.ctha.json'), '{}');
symlinkSync(outside, join(home, 'escape'));
symlinkSync(join(outside, 'secret.ctha.json'), join(home, 'escape.ctha.json'));
symlinkSync(join(home, 'clusters'), join(home, 'shortcut'));
for (let index = 0; index <= MAX_LISTED_ENTRIES; index += 1)
  writeFileSync(join(home, 'many', `f${String(index).padStart(4, '0')}.json`), '');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handlers = createFileHandlers({
  roots: [
    { label: 'Home', path: home },
    { label: 'Temporary files', path: scratch },
  ],
});
const list = (input: unknown) => handlers['files.list'](fileOperations['files.list'].input.parse(input));

describe('files.list', () => {
  it('lists the home folder by default: folders first, then files; links that stay inside are followed', async () => {
    const listed = await list({});
    expect(listed.path).toBe(home);
    expect(listed.parent).toBeUndefined();
    expect(listed.roots).toEqual([
      { label: 'Home', path: home },
      { label: 'Temporary files', path: scratch },
    ]);
    expect(listed.entries.map((entry) => `${entry.kind} ${entry.name}`)).toEqual([
      'folder clusters',
      'folder many',
      'folder shortcut',
      'file customer.ctha.json',
      'file notes.txt',
    ]);
    expect(listed.entries.find((entry) => entry.name === 'customer.ctha.json')).toMatchObject({
      path: join(home, 'customer.ctha.json'),
      size: 2,
    });
  });

  it('keeps only files with a wanted suffix, and hidden ones only when asked', async () => {
    expect((await list({ suffixes: ['.ctha.json'] })).entries.filter((entry) => entry.kind === 'file').map((entry) => entry.name)).toEqual([
      'customer.ctha.json',
    ]);
    const hidden = await list({ suffixes: ['.ctha.json'], showHidden: true });
    expect(hidden.entries.filter((entry) => entry.kind === 'file').map((entry) => entry.name)).toEqual([
      '.hidden.ctha.json',
      'customer.ctha.json',
    ]);
  });

  it('lists only folders when a folder is wanted', async () => {
    expect((await list({ kind: 'folder' })).entries.every((entry) => entry.kind === 'folder')).toBe(true);
  });

  it('names the parent inside a root, and the other root', async () => {
    const listed = await list({ path: join(home, 'clusters') });
    expect(listed.parent).toBe(home);
    expect((await list({ path: scratch })).path).toBe(scratch);
  });

  it('refuses a folder outside the roots, also through .. or a symbolic link, with the reason', async () => {
    for (const path of [outside, join(home, '..', 'outside'), join(home, 'escape'), '/']) {
      await expect(list({ path })).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringContaining('only those may be browsed'),
      });
    }
    await expect(list({ path: 'relative/path' })).rejects.toMatchObject({ message: expect.stringContaining('expected an absolute path') });
    await expect(list({ path: join(home, 'nope') })).rejects.toMatchObject({
      code: 'not-found',
      message: `${join(home, 'nope')} does not exist`,
    });
    await expect(list({ path: join(home, 'notes.txt') })).rejects.toMatchObject({ message: expect.stringContaining('it is not a folder') });
  });

  it('returns at most the first entries of a huge folder and says so', async () => {
    const listed = await list({ path: join(home, 'many') });
    expect(listed.entries).toHaveLength(MAX_LISTED_ENTRIES);
    expect(listed.truncated).toBe(true);
    expect(listed.entries[0]?.name).toBe('f0000.json');
  });

  it('refuses a suffix that could be a pattern', () => {
    expect(() => fileOperations['files.list'].input.parse({ suffixes: ['*'] })).toThrow(/expected a suffix/);
  });
});
