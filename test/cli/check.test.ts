import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensshUnavailableReason } from '../../lab/openssh/preflight.js';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { PRECHECK_IDS } from '../../shared/prechecks/catalogue.js';
import { ctha } from '../support/ctha.js';
import { labFile } from '../support/lab.js';
import { acceptHostKeyFlags } from './accept-host-keys.js';

const backends = [
  { backend: 'emulated', addressBase: '127.0.71.10', skip: undefined },
  { backend: 'openssh', addressBase: '127.0.72.10', skip: opensshUnavailableReason() },
] as const;

function check(
  project: string,
  password: string,
  ...flags: string[]
): { status: number | null; results: PrecheckResult[]; stderr: string } {
  const run = ctha('check', project, '--json', '--password-env', 'CTHA_TEST_PASSWORD', ...flags);
  return {
    status: run.status,
    results: run.stdout ? (JSON.parse(run.stdout) as { results: PrecheckResult[] }).results : [],
    stderr: run.stderr,
  };
}

for (const { backend, addressBase, skip } of backends) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`ctha check on the ${backend} backend`, () => {
    const parent = mkdtempSync(join(tmpdir(), `ctha-check-${backend}-`));
    chmodSync(parent, 0o755);
    const dir = join(parent, 'lab');
    let lab: LabFile;

    beforeAll(() => {
      const up = ctha(
        'lab',
        'up',
        '--out',
        dir,
        '--linux',
        '1',
        '--windows',
        '1',
        '--backend',
        backend,
        '--address-base',
        addressBase,
        '--ready-delay-ms',
        '200',
      );
      if (up.status !== 0) throw new Error(`lab up failed: ${up.stderr}`);
      lab = labFile(dir);
      process.env['CTHA_TEST_PASSWORD'] = lab.credentials.password;
    }, 180_000);
    afterAll(() => {
      if (existsSync(join(dir, 'lab.json'))) ctha('lab', 'down', dir);
    }, 60_000);

    it(
      title('refuses unknown host keys without --accept-new-host-keys (exit 2) and pins nothing'),
      () => {
        const run = check(lab.projectPath, lab.credentials.password);
        expect(run.status).toBe(2);
        expect(run.results.filter((r) => r.check === 'host-key').map((r) => r.status)).toEqual(['fail', 'fail']);
        expect(run.stderr).toContain('New host key: ct-linux-1');
        expect(run.stderr).toContain(`--accept-host-key ct-linux-1=${lab.hosts[0]?.hostKeyFingerprint ?? '?'}`);
        expect(JSON.parse(readFileSync(lab.projectPath, 'utf8')).hostKeys).toEqual([]);
      },
      60_000,
    );

    it(
      title('--accept-new-host-keys without --accept-host-key, off a terminal, refuses and says which fingerprints to pass'),
      () => {
        const run = check(lab.projectPath, lab.credentials.password, '--accept-new-host-keys');
        expect(run.status).toBe(2);
        expect(run.results.filter((r) => r.check === 'host-key').map((r) => r.status)).toEqual(['fail', 'fail']);
        expect(run.stderr).toContain('there is no terminal to ask on');
        for (const host of lab.hosts) expect(run.stderr).toContain(`--accept-host-key ${host.instance.name}=${host.hostKeyFingerprint}`);
        expect(JSON.parse(readFileSync(lab.projectPath, 'utf8')).hostKeys).toEqual([]);
      },
      60_000,
    );

    it(
      title("--accept-host-key with a wrong fingerprint refuses that host (here: each host given the other one's key)"),
      () => {
        const [first, second] = lab.hosts;
        if (!first || !second) throw new Error('the lab has two hosts');
        const swapped = [
          '--accept-host-key',
          `${first.instance.name}=${second.hostKeyFingerprint}`,
          '--accept-host-key',
          `${second.instance.name}=${first.hostKeyFingerprint}`,
        ];
        const run = check(lab.projectPath, lab.credentials.password, '--accept-new-host-keys', ...swapped);
        expect(run.status).toBe(2);
        expect(run.results.filter((r) => r.check === 'host-key').map((r) => r.status)).toEqual(['fail', 'fail']);
        expect(run.stderr).toContain(`Not accepted: ${first.instance.name} (`);
        expect(run.stderr).toContain(`but --accept-host-key gave ${second.hostKeyFingerprint}`);
        expect(JSON.parse(readFileSync(lab.projectPath, 'utf8')).hostKeys).toEqual([]);
        // A malformed value is a usage error before any host is opened.
        const malformed = check(lab.projectPath, lab.credentials.password, '--accept-host-key', `${first.instance.name}=SHA256:short`);
        expect(malformed.status).toBe(1);
        expect(malformed.stderr).toContain('a complete one has 43');
      },
      60_000,
    );

    it(
      title('with --accept-new-host-keys and the checked fingerprints pins the keys and every check passes (exit 0)'),
      () => {
        const run = check(lab.projectPath, lab.credentials.password, '--accept-new-host-keys', ...acceptHostKeyFlags(lab));
        expect(run.status, run.stderr).toBe(0);
        expect(run.results.filter((r) => r.status !== 'pass')).toEqual([]);
        expect(new Set(run.results.map((r) => r.check))).toEqual(new Set(PRECHECK_IDS));
        const pinned = (JSON.parse(readFileSync(lab.projectPath, 'utf8')) as { hostKeys: { fingerprint: string }[] }).hostKeys
          .map((k) => k.fingerprint)
          .sort();
        expect(pinned).toEqual(lab.hosts.map((h) => h.hostKeyFingerprint).sort());
        // Pinned now: a second run asks nothing and passes.
        expect(check(lab.projectPath, lab.credentials.password).status).toBe(0);
      },
      60_000,
    );

    it(
      title('a changed host key is a hard stop showing both fingerprints'),
      () => {
        const project = JSON.parse(readFileSync(lab.projectPath, 'utf8')) as { hostKeys: { fingerprint: string }[] };
        const tampered = join(dir, 'tampered.ctha.json');
        const first = project.hostKeys[0];
        if (!first) throw new Error('no pinned key');
        const original = first.fingerprint;
        first.fingerprint = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
        writeFileSync(tampered, JSON.stringify(project));
        const run = check(tampered, lab.credentials.password, '--accept-new-host-keys');
        expect(run.status).toBe(2);
        const failed = run.results.find((r) => r.check === 'host-key' && r.status === 'fail');
        expect(failed?.evidence).toContain('HOST KEY CHANGED');
        expect(failed?.evidence).toContain('SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
        expect(failed?.evidence).toContain(original);
      },
      60_000,
    );

    it(
      title('a wrong password fails authentication with a specific reason, and the password appears nowhere'),
      () => {
        delete process.env['CTHA_WRONG'];
        const run = ctha('check', lab.projectPath, '--json', '--password-env', 'CTHA_WRONG');
        process.env['CTHA_WRONG'] = 'definitely-wrong-password';
        const wrong = ctha('check', lab.projectPath, '--json', '--password-env', 'CTHA_WRONG');
        // An unset --password-env is a usage error before any connection (issue 12, item 9).
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('--password-env CTHA_WRONG: the environment variable CTHA_WRONG is not set');
        expect(wrong.status).toBe(2);
        const results = (JSON.parse(wrong.stdout) as { results: PrecheckResult[] }).results;
        expect(results.find((r) => r.check === 'authentication')?.evidence).toMatch(/authentication failed for ctlab@/);
        expect(wrong.stdout + wrong.stderr).not.toContain('definitely-wrong-password');
        // The transcript of a good run records every remote operation, and no secret.
        const good = ctha('check', lab.projectPath, '--json', '--password-env', 'CTHA_TEST_PASSWORD');
        const transcript = (JSON.parse(good.stdout) as { transcript: { instance: string; kind: string }[] }).transcript;
        expect(transcript.filter((entry) => entry.kind === 'exec').length).toBeGreaterThan(lab.hosts.length);
        expect(new Set(transcript.map((entry) => entry.instance))).toEqual(new Set(lab.hosts.map((host) => host.instance.name)));
        expect(good.stdout).not.toContain(lab.credentials.password);
      },
      60_000,
    );
  });
}
