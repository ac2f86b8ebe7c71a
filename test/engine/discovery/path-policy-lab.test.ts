// The path policy on both lab backends: a CertFile outside the service folder (as written, or through a
// symbolic link inside it) is reported unknown and never read with privilege; a symlinked licence key is
// refused; a write through a link that leaves the service folder is refused with the host's bytes kept;
// the instance's allowedPaths entry makes the outside CertFile usable. Addresses: 127.0.145.x (emulated),
// 127.0.146.x (OpenSSH).
import { chmodSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverInstance } from '../../../engine/cybertrace/discovery/discover-instance.js';
import { pathPolicy } from '../../../engine/cybertrace/discovery/path-policy.js';
import { observeLicense } from '../../../engine/cybertrace/model/observe-license.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { ChangeWriteError, writeChange } from '../../../engine/steps/apply/write-change.js';
import type { ClusterRun } from '../../../engine/steps/run/run-types.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { PlannedChange } from '../../../shared/plan/plan-document.js';
import { runDeps } from '../audit/run-deps.js';
import type { TestLab } from '../../support/lab.js';
import { memberOf, openLabRun } from '../apply/lab-fixture.js';
import { startLab } from '../../support/lab.js';

const backends = [
  { backend: 'emulated', addressBase: '127.0.145.10', skip: undefined },
  { backend: 'openssh', addressBase: '127.0.146.10', skip: opensshUnavailableReason() },
] as const;

const SERVICE_DIR = '/opt/kaspersky/ktfs';
const FEED_UTIL = `${SERVICE_DIR}/etc/kl_feed_util.conf`;
const LIC_DIR = `${SERVICE_DIR}/httpsrv/lic`;
/** A root-only file outside the service folder: the OpenSSH lab's namespace binds its own shadow there; the emulated tree gets one. */
const SECRET = '/etc/shadow';
const SECRET_BYTES = 'root:$6$secret-hash-of-the-host:19000:0:99999:7:::\n';

function setCertFile(lab: TestLab, instance: string, certFile: string): void {
  const local = lab.local(instance, FEED_UTIL);
  const text = readFileSync(local, 'latin1');
  const next = text.replace(/<CertFile>[^<]*<\/CertFile>/, `<CertFile>${certFile}</CertFile>`);
  expect(next).not.toBe(text);
  writeFileSync(local, next, 'latin1');
}

/** Every exec command and SFTP path of one instance in the run's transcript. */
function transcriptOf(run: ClusterRun, instance: string): string[] {
  return run.transcript
    .entries()
    .filter((entry) => entry.instance === instance)
    .map((entry) => `${entry.command ?? ''} ${entry.path ?? ''}`);
}

for (const { backend, addressBase, skip } of backends) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`path policy on the ${backend} backend`, () => {
    let lab: TestLab;
    beforeAll(() => {
      lab = startLab(addressBase, ['--linux', '2', '--windows', '1', '--backend', backend, '--version', '4.4', '--drift', 'none']);
      if (backend === 'emulated') {
        // The emulated host's own /etc/shadow, root-only (the OpenSSH namespace has the lab's).
        for (const name of ['ct-linux-1', 'ct-linux-2']) {
          const local = lab.local(name, SECRET);
          mkdirSync(dirname(local), { recursive: true });
          writeFileSync(local, SECRET_BYTES);
          chmodSync(local, 0o600);
        }
      }
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    it(
      title('a CertFile outside the service folder: unknown with the path and the reason, never read, and the plan writes nothing for it'),
      async () => {
        setCertFile(lab, 'ct-linux-2', SECRET);
        const run = await openLabRun(lab);
        try {
          const discovery = await discoverInstance(memberOf(run, 'ct-linux-2'));
          const certificate = discovery.files?.certificate;
          expect(certificate?.present).toBe(false);
          expect(certificate && !certificate.present ? certificate : undefined).toMatchObject({ path: SECRET, refused: true });
          expect(certificate && !certificate.present ? certificate.reason : '').toMatch(
            /\/etc\/shadow is outside the service folder \/opt\/kaspersky\/ktfs/,
          );
          expect(discovery.facts.certificate.evidence).toMatch(/outside the service folder/);
          // Nothing even names the file on the host: no read, with or without sudo.
          expect(transcriptOf(run, 'ct-linux-2').filter((line) => line.includes(SECRET))).toEqual([]);
        } finally {
          await run.close();
        }
        const planned = await runPlanOnce(lab.file.projectPath, runDeps(lab.file.credentials.password).deps, {});
        const instance = planned.plan.instances.find((candidate) => candidate.name === 'ct-linux-2');
        expect(instance?.status).toBe('planned');
        expect(
          instance?.changes.filter((change) => change.requirements.includes('req1') || !change.path.startsWith(`${SERVICE_DIR}/`)),
        ).toEqual([]);
      },
    );

    it(title('a CertFile inside the folder that is a symbolic link out of it: refused with where it resolves, no sudo read'), async () => {
      const link = `${SERVICE_DIR}/etc/cert-link.pem`;
      symlinkSync(SECRET, lab.local('ct-linux-2', link));
      setCertFile(lab, 'ct-linux-2', link);
      const run = await openLabRun(lab);
      try {
        const discovery = await discoverInstance(memberOf(run, 'ct-linux-2'));
        const certificate = discovery.files?.certificate;
        expect(certificate && !certificate.present ? certificate : undefined).toMatchObject({ path: link, refused: true });
        expect(certificate && !certificate.present ? certificate.reason : '').toMatch(
          /resolves to \/etc\/shadow on the host, outside the service folder/,
        );
        // The link is named (to check it), the file it leads to never: nothing reads /etc/shadow.
        expect(transcriptOf(run, 'ct-linux-2').filter((line) => line.includes(SECRET))).toEqual([]);
      } finally {
        await run.close();
      }
    });

    it(title("the instance's allowedPaths entry makes the outside CertFile usable"), async () => {
      setCertFile(lab, 'ct-linux-2', SECRET);
      const run = await openLabRun(lab);
      try {
        const member = memberOf(run, 'ct-linux-2');
        const discovery = await discoverInstance({ ...member, instance: { ...member.instance, allowedPaths: [SECRET] } });
        const certificate = discovery.files?.certificate;
        expect(certificate?.present).toBe(true);
        expect(certificate?.present ? certificate.path : '').toBe(SECRET);
      } finally {
        await run.close();
      }
    });

    it(title('a licence key that is a symbolic link: refused by name, requirement 4 unknown, never read'), async () => {
      const key = `${LIC_DIR}/evil.key`;
      symlinkSync(SECRET, lab.local('ct-linux-1', key));
      const run = await openLabRun(lab);
      try {
        const discovery = await discoverInstance(memberOf(run, 'ct-linux-1'));
        const files = discovery.files;
        const refused = files?.licenseDir.keys.find((file) => file.path === key);
        expect(refused && !refused.present ? refused : undefined).toMatchObject({ refused: true });
        expect(refused && !refused.present ? refused.reason : '').toMatch(
          /licence key \/opt\/kaspersky\/ktfs\/httpsrv\/lic\/evil\.key was not read: it is a symbolic link.*resolves to \/etc\/shadow/,
        );
        const observation = files ? observeLicense(files) : undefined;
        expect(observation?.state).toBe('unknown');
        expect(JSON.stringify(observation)).toMatch(/evil\.key/);
        expect(transcriptOf(run, 'ct-linux-1').filter((line) => line.includes(SECRET))).toEqual([]);
      } finally {
        await run.close();
      }
    });

    it(title('a write through a link in the service folder that leads out of it is refused; the host bytes stay'), async () => {
      const link = `${SERVICE_DIR}/etc/out-link.conf`;
      symlinkSync(SECRET, lab.local('ct-linux-1', link));
      const before = backend === 'emulated' ? readFileSync(lab.local('ct-linux-1', SECRET)) : undefined;
      const run = await openLabRun(lab);
      try {
        const member = memberOf(run, 'ct-linux-1');
        const after = Buffer.from('written through a link\n');
        const change: PlannedChange = {
          path: link,
          relativePath: 'etc/out-link.conf',
          kind: 'edit',
          requirements: ['req8'],
          beforeSha256: sha256Hex(Buffer.from(SECRET_BYTES)),
          afterSha256: sha256Hex(after),
          restart: false,
          unifiedDiff: '',
          semanticChanges: [],
          afterBase64: after.toString('base64'),
        } as PlannedChange;
        const failure = await writeChange(member.dialect, change, { policy: pathPolicy(SERVICE_DIR, member.instance) }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(ChangeWriteError);
        expect((failure as ChangeWriteError).file.status).toBe('not-written');
        expect((failure as Error).message).toMatch(
          /out-link\.conf resolves to \/etc\/shadow on the host, outside the service folder \/opt\/kaspersky\/ktfs/,
        );
        // Not one write command was sent for it.
        expect(transcriptOf(run, 'ct-linux-1').filter((line) => /\b(cp|mv|tee|chmod|chown)\b/.test(line))).toEqual([]);
      } finally {
        await run.close();
      }
      if (before) expect(readFileSync(lab.local('ct-linux-1', SECRET))).toEqual(before);
    });

    it(title('Windows: a licence key or a write target that is a reparse point is refused by name'), async () => {
      const instance = lab.instance('ct-win-1');
      const licDir = `${instance.serviceDir}\\httpsrv\\lic`;
      const outside = lab.local('ct-win-1', 'C:\\ctha-outside.txt');
      writeFileSync(outside, 'not a key\r\n');
      const keyLocal = lab.local('ct-win-1', `${licDir}\\evil.key`);
      symlinkSync(relative(dirname(keyLocal), outside), keyLocal);
      const linkTarget = `${instance.serviceDir}\\bin\\out-link.conf`;
      const linkLocal = lab.local('ct-win-1', linkTarget);
      symlinkSync(relative(dirname(linkLocal), outside), linkLocal);
      const run = await openLabRun(lab);
      try {
        const member = memberOf(run, 'ct-win-1');
        await expect(discoverInstance(member)).rejects.toThrow(/lic\\evil\.key is a reparse point; not read/);
        const after = Buffer.from('x\r\n');
        const change = {
          path: linkTarget,
          relativePath: 'bin/out-link.conf',
          kind: 'edit',
          requirements: ['req8'],
          beforeSha256: sha256Hex(readFileSync(outside)),
          afterSha256: sha256Hex(after),
          restart: false,
          unifiedDiff: '',
          semanticChanges: [],
          afterBase64: after.toString('base64'),
        } as PlannedChange;
        await expect(writeChange(member.dialect, change, { policy: pathPolicy(instance.serviceDir, member.instance) })).rejects.toThrow(
          /out-link\.conf is a reparse point .* below the service folder/,
        );
      } finally {
        await run.close();
      }
      // Without the key link, a CertFile that is a reparse point below the service folder: refused in the read's own script.
      unlinkSync(keyLocal);
      const feedUtil = `${instance.serviceDir}\\bin\\kl_feed_util.conf`;
      const text = readFileSync(lab.local('ct-win-1', feedUtil), 'latin1');
      writeFileSync(
        lab.local('ct-win-1', feedUtil),
        text.replace(/<CertFile>[^<]*<\/CertFile>/, `<CertFile>${linkTarget}</CertFile>`),
        'latin1',
      );
      const again = await openLabRun(lab);
      try {
        const certificate = (await discoverInstance(memberOf(again, 'ct-win-1'))).files?.certificate;
        expect(certificate && !certificate.present ? certificate : undefined).toMatchObject({ path: linkTarget, refused: true });
        expect(certificate && !certificate.present ? certificate.reason : '').toMatch(
          /out-link\.conf is a reparse point \(symbolic link or junction\) below the service folder/,
        );
      } finally {
        await again.close();
      }
      expect(readFileSync(outside, 'utf8')).toBe('not a key\r\n');
    });

    it(
      title('the gate lets legitimate writes through: an edit, a new file and a set-aside inside the service folder (Linux and Windows)'),
      async () => {
        const run = await openLabRun(lab);
        try {
          for (const name of ['ct-linux-2', 'ct-win-1']) {
            const member = memberOf(run, name);
            const { paths } = member.dialect;
            const serviceDir = lab.instance(name).serviceDir;
            const policy = pathPolicy(serviceDir, member.instance);
            const lic = paths.join(paths.join(serviceDir, 'httpsrv'), 'lic');
            const conf = paths.join(paths.join(serviceDir, name.startsWith('ct-linux') ? 'etc' : 'bin'), 'kl_feed_service.conf');
            const old = readFileSync(lab.local(name, conf));
            const edited = Buffer.concat([old, Buffer.from('<!-- gate -->\n')]);
            const key = Buffer.from('gate key\n');
            const keyPath = paths.join(lic, 'gate.key');
            const base = { requirements: ['req8'], restart: false, unifiedDiff: '', semanticChanges: [] };
            const changes = [
              {
                ...base,
                path: conf,
                relativePath: 'conf',
                kind: 'edit',
                beforeSha256: sha256Hex(old),
                afterSha256: sha256Hex(edited),
                afterBase64: edited.toString('base64'),
              },
              {
                ...base,
                path: keyPath,
                relativePath: 'httpsrv/lic/gate.key',
                kind: 'copy',
                beforeSha256: null,
                afterSha256: sha256Hex(key),
                afterBase64: key.toString('base64'),
              },
              {
                ...base,
                path: keyPath,
                relativePath: 'httpsrv/lic/gate.key',
                kind: 'set-aside',
                newPath: `${keyPath}.ctha-set-aside`,
                beforeSha256: sha256Hex(key),
                afterSha256: sha256Hex(key),
                afterBase64: key.toString('base64'),
              },
            ] as PlannedChange[];
            for (const change of changes)
              expect((await writeChange(member.dialect, change, { policy })).status, `${name} ${change.kind}`).toBe('written');
            expect(readFileSync(lab.local(name, conf))).toEqual(edited);
            expect(readFileSync(lab.local(name, `${keyPath}.ctha-set-aside`))).toEqual(key);
          }
        } finally {
          await run.close();
        }
      },
    );
  });
}
