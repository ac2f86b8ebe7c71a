// project.attest, project.waive and project.removeStatement through the engine's transport (validated both ways), on real files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import { createClient } from '../../../shared/contract/client.js';

const dir = mkdtempSync(join(tmpdir(), 'ctha-statements-'));
const api = createClient(createInProcessBridge(createEngine({ frontEnd: 'cli' })));

let counter = 0;
function projectFile(): string {
  counter += 1;
  const path = join(dir, `p${counter}.ctha.json`);
  const instance = (name: string, host: string) => ({
    name,
    host,
    port: 22,
    os: 'linux',
    user: 'u',
    auth: { method: 'agent' },
    privilege: 'root',
  });
  writeFileSync(
    path,
    JSON.stringify({
      schemaVersion: 1,
      name: 'Statements',
      referenceInstance: 'a',
      instances: [instance('a', '127.0.244.10'), instance('b', '127.0.244.11')],
    }),
  );
  return path;
}

const attestation = (instance: string, note = 'Indicators compared by hand on both consoles') => ({
  requirement: 'req3' as const,
  instance,
  note,
  engineer: 'A. Engineer',
  date: '2026-12-07T10:00:00.000Z',
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const onDisk = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { attestations: unknown[]; waivers: unknown[] };

describe('project.attest', () => {
  it('saves the attestation; re-reading the file gives it back, with the digest of the bytes written', async () => {
    const path = projectFile();
    const result = await api['project.attest']({ path, attestation: attestation('b') });
    expect(result.project.attestations).toEqual([attestation('b')]);
    expect(result.sha256).toBe(sha256(path));
    const reopened = await api['project.open']({ path });
    expect(reopened.project.attestations).toEqual([attestation('b')]);
    expect(reopened.sha256).toBe(result.sha256);
  });

  it('refuses an instance the project does not have, naming it, and writes nothing', async () => {
    const path = projectFile();
    const before = readFileSync(path);
    await expect(api['project.attest']({ path, attestation: attestation('zz') })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('no instance "zz"'),
    });
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses an unknown requirement and a short note before the file is touched', async () => {
    const path = projectFile();
    const before = readFileSync(path);
    await expect(
      api['project.attest']({ path, attestation: { ...attestation('a'), requirement: 'req99' as 'req3' } }),
    ).rejects.toMatchObject({ code: 'invalid-input', issues: [{ path: 'attestation.requirement' }] });
    await expect(api['project.attest']({ path, attestation: attestation('a', 'too short') })).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'attestation.note', message: 'expected a note of at least 10 characters' }],
    });
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('replaces the statement of the same requirement and instance, and keeps the others', async () => {
    const path = projectFile();
    await api['project.attest']({ path, attestation: attestation('a') });
    await api['project.attest']({ path, attestation: attestation('b') });
    const replaced = await api['project.attest']({ path, attestation: attestation('b', 'Checked again after the feed update') });
    expect(replaced.project.attestations).toEqual([attestation('a'), attestation('b', 'Checked again after the feed update')]);
    expect(onDisk(path).attestations).toHaveLength(2);
  });
});

describe('project.waive', () => {
  const waiver = { requirement: 'req8' as const, instance: 'b', justification: 'Customer keeps a custom format', engineer: 'A. Engineer' };

  it('saves a waiver with an expiry; refuses one that expires before it is given, writing nothing', async () => {
    const path = projectFile();
    const saved = await api['project.waive']({
      path,
      waiver: { ...waiver, date: '2026-12-07T10:00:00Z', expires: '2027-01-31T23:59:59Z' },
    });
    expect(onDisk(path).waivers).toEqual([{ ...waiver, date: '2026-12-07T10:00:00Z', expires: '2027-01-31T23:59:59Z' }]);
    const before = readFileSync(path);
    await expect(
      api['project.waive']({ path, waiver: { ...waiver, date: '2026-12-07T10:00:00Z', expires: '2026-12-01T00:00:00Z' } }),
    ).rejects.toMatchObject({ code: 'invalid-input', issues: [{ path: 'waiver.expires' }] });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(sha256(path)).toBe(saved.sha256);
  });
});

describe('project.removeStatement', () => {
  it('removes the one statement named and nothing else; a second removal is refused and writes nothing', async () => {
    const path = projectFile();
    await api['project.attest']({ path, attestation: attestation('a') });
    await api['project.attest']({ path, attestation: attestation('b') });
    const removed = await api['project.removeStatement']({ path, kind: 'attestation', requirement: 'req3', instance: 'a' });
    expect(removed.project.attestations).toEqual([attestation('b')]);
    expect(onDisk(path).attestations).toEqual([attestation('b')]);
    const before = readFileSync(path);
    await expect(api['project.removeStatement']({ path, kind: 'attestation', requirement: 'req3', instance: 'a' })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('no attestation of req3 on a'),
    });
    await expect(api['project.removeStatement']({ path, kind: 'waiver', requirement: 'req3', instance: 'b' })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
