import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import type { ApiError } from '../../shared/contract/errors.js';
import { validProjectInput } from '../shared/fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-project-'));
});

const failure = (promise: Promise<unknown>): Promise<ApiError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as ApiError,
  );

describe('project files', () => {
  it('writes, then reads back the same project and digest', async () => {
    const path = join(dir, 'bank.ctha.json');
    const saved = await writeProjectFile(path, validProjectInput());
    const opened = await readProjectFile(path);
    expect(opened.sha256).toBe(saved.sha256);
    expect(opened.project.instances.map((instance) => instance.name)).toEqual(['ct1', 'ct2', 'ct3']);
    expect(await readdir(dir)).toEqual(['bank.ctha.json']);
  });

  it('writes nothing for an invalid project and leaves the existing file as it was', async () => {
    const path = join(dir, 'bank.ctha.json');
    await writeFile(path, 'original bytes');
    const error = await failure(writeProjectFile(path, { ...validProjectInput(), referenceInstance: 'ghost' }));
    expect(error.code).toBe('invalid-project');
    expect(error.issues).toEqual([{ path: 'referenceInstance', message: 'expected the name of an instance, got "ghost"' }]);
    expect(await readFile(path, 'utf8')).toBe('original bytes');
    expect(await readdir(dir)).toEqual(['bank.ctha.json']);
  });

  it('refuses a file name without the .ctha.json suffix', async () => {
    const error = await failure(writeProjectFile(join(dir, 'bank.json'), validProjectInput()));
    expect(error.code).toBe('invalid-input');
    expect(await readdir(dir)).toEqual([]);
  });

  it('says which file is missing, and lists every problem of a bad one', async () => {
    expect((await failure(readProjectFile(join(dir, 'none.ctha.json')))).message).toBe(`no such file: ${join(dir, 'none.ctha.json')}`);
    const bad = join(dir, 'bad.ctha.json');
    await writeFile(bad, JSON.stringify({ ...validProjectInput(), name: '', password: 'x' }));
    const error = await failure(readProjectFile(bad));
    expect(error.code).toBe('invalid-project');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['password', 'name']);
  });

  it('reports a missing directory on save as not-found', async () => {
    const error = await failure(writeProjectFile(join(dir, 'nope', 'x.ctha.json'), validProjectInput()));
    expect(error.code).toBe('not-found');
  });
});
