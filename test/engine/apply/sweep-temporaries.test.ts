// Temporaries a cut write leaves behind (found by the chaos run: a Windows licence key's upload dropped
// mid-write left `.KEY.ctha-new-*` with half the key in the lic folder) are removed by the rollback, on both
// backends; nothing else is touched, backups least of all. Addresses: 127.0.143.10-11 (emulated), 127.0.144.10-11 (OpenSSH).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyStepLog } from '../../../engine/steps/apply/apply-step-log.js';
import { rollBack } from '../../../engine/steps/apply/rollback.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import type { TestLab } from '../../support/lab.js';
import { memberOf, openLabRun } from './lab-fixture.js';
import { startLab } from '../../support/lab.js';

const backends = [
  { backend: 'emulated', addressBase: '127.0.143.10', skip: undefined },
  { backend: 'openssh', addressBase: '127.0.144.10', skip: opensshUnavailableReason() },
] as const;

const LINUX_LIC = '/opt/kaspersky/ktfs/httpsrv/lic';
const KEY_BYTES = Buffer.from('half of a licence key');

for (const { backend, addressBase, skip } of backends) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`leftover temporaries on the ${backend} backend`, () => {
    let lab: TestLab;
    beforeAll(() => {
      lab = startLab(addressBase, ['--linux', '1', '--windows', '1', '--backend', backend, '--version', '4.4', '--drift', 'none']);
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    for (const name of ['ct-linux-1', 'ct-win-1']) {
      it(
        title(`${name}: the rollback removes a cut write's temporaries (beside the file and staged), and only those`),
        async () => {
          const run = await openLabRun(lab);
          try {
            const member = memberOf(run, name);
            const { dialect } = member;
            const dir = name === 'ct-linux-1' ? LINUX_LIC : 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\httpsrv\\lic';
            const key = dialect.paths.join(dir, 'NEW.key');
            const temp = dialect.paths.join(dir, '.NEW.key.ctha-new-0123456789ab');
            const otherTemp = dialect.paths.join(dir, '.OTHER.key.ctha-new-0123456789ab');
            const backup = dialect.paths.join(dir, 'NEW.key.ctha-backup-20261207T000000Z');
            const staged = await dialect.stagingPathFor(temp);
            // OpenSSH Linux hosts keep only /opt private; the login user's home is this machine's own folder.
            const local = (path: string): string =>
              backend === 'openssh' && name === 'ct-linux-1' && !path.startsWith('/opt/') ? path : lab.local(name, path);
            const seeded = [temp, otherTemp, backup, ...(staged === temp ? [] : [staged])];
            for (const path of seeded) writeFileSync(local(path), KEY_BYTES);
            const file: AppliedFile = {
              path: key,
              kind: 'copy',
              beforeSha256: null,
              afterSha256: sha256Hex(KEY_BYTES),
              status: 'not-written',
              original: 'absent',
            };
            const steps = new ApplyStepLog();
            const outcome = await rollBack({
              dialect,
              files: [file],
              restartService: false,
              controller: undefined,
              readiness: null,
              readyDeadlineMs: 1_000,
              steps,
            });
            expect(outcome.problems).toEqual([]);
            expect(outcome.confirmed).toBe(true);
            const cleanup = steps.records.find((record) => record.step === 'cleanup');
            expect(cleanup?.status).toBe('done');
            expect(cleanup?.detail).toContain(`${staged === temp ? 1 : 2} leftover temporary file(s) removed`);
            expect(existsSync(lab.local(name, temp))).toBe(false);
            if (staged !== temp) expect(existsSync(local(staged))).toBe(false);
            // Another file's temporary and every backup stay.
            expect(readFileSync(lab.local(name, otherTemp)).equals(KEY_BYTES)).toBe(true);
            expect(readFileSync(lab.local(name, backup)).equals(KEY_BYTES)).toBe(true);
            expect(readdirSync(lab.local(name, dir)).filter((entry) => entry.includes('NEW.key'))).toEqual([
              'NEW.key.ctha-backup-20261207T000000Z',
            ]);
          } finally {
            await run.close();
          }
        },
        60_000,
      );
    }
  });
}
