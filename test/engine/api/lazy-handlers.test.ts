// createEngine stays cheap: ssh2, pdf-lib and node-forge load on the first call of an operation that needs them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => new Set<string>());
vi.mock('ssh2', async (original) => {
  loaded.add('ssh2');
  return original();
});
vi.mock('pdf-lib', async (original) => {
  loaded.add('pdf-lib');
  return original();
});
vi.mock('node-forge', async (original) => {
  loaded.add('node-forge');
  return original();
});

describe('createEngine', () => {
  it('answers app.info and project.open without loading ssh2, pdf-lib or node-forge; report.verify loads them', async () => {
    // Test files share a worker's modules (vitest.config.ts: isolate off): start from an empty registry,
    // so what this engine loads is seen loading here.
    vi.resetModules();
    loaded.clear();
    const { createEngine, createInProcessBridge } = await import('../../../engine/api/create-engine.js');
    const { createClient } = await import('../../../shared/contract/client.js');
    const api = createClient(createInProcessBridge(createEngine({ frontEnd: 'cli' })));
    const dir = mkdtempSync(join(tmpdir(), 'ctha-lazy-'));
    const path = join(dir, 'one.ctha.json');
    writeFileSync(
      path,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Lazy',
        referenceInstance: 'a',
        instances: [{ name: 'a', host: '127.0.210.20', port: 22, os: 'linux', user: 'u', auth: { method: 'agent' }, privilege: 'root' }],
      }),
    );
    expect((await api['app.info']({})).frontEnd).toBe('cli');
    expect((await api['project.open']({ path })).project.name).toBe('Lazy');
    expect([...loaded]).toEqual([]);
    // The check above can fail: the report handlers do bring the signing libraries in.
    await expect(api['report.verify']({ path: join(dir, 'missing') })).rejects.toMatchObject({ code: 'not-found' });
    expect(loaded.has('pdf-lib') || loaded.has('node-forge')).toBe(true);
  });
});
