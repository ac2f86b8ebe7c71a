// A saved plan is a commitment, not an authority: hand-edited plans are refused before any write, on both
// lab backends. Each tamper keeps the plan self-consistent where it can (digests, groups and totals
// recomputed), so the refusal comes from the check meant to catch it. Addresses: 127.0.140.10-11
// (emulated), 127.0.141.10-11 (OpenSSH).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWrites } from '../../../engine/steps/apply/rederive.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import { groupDiffs, planSummary, relativeToServiceDir } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument, PlannedChange } from '../../../shared/plan/plan-document.js';
import { runDeps } from '../audit/run-deps.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

const backends = [
  { backend: 'emulated', addressBase: '127.0.140.10', skip: undefined },
  { backend: 'openssh', addressBase: '127.0.141.10', skip: opensshUnavailableReason() },
] as const;

const DRIFTED = 'ct-linux-2';
const EVIL = '/opt/zz-evil';
const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A plan whose groups and totals are recomputed after an edit, so only the intended lie remains. */
function recomputed(plan: PlanDocument): PlanDocument {
  return { ...plan, groups: groupDiffs(plan.instances), summary: planSummary(plan.instances) };
}

function drifted(plan: PlanDocument): PlanDocument['instances'][number] {
  const found = plan.instances.find((instance) => instance.name === DRIFTED);
  if (!found) throw new Error('no drifted instance in the plan');
  return found;
}

for (const { backend, addressBase, skip } of backends) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`tampered plans on the ${backend} backend`, () => {
    let lab: TestLab;
    let saved: PlanDocument;
    let planPath: string;
    const deps = (): ReturnType<typeof runDeps>['deps'] => runDeps(lab.file.credentials.password).deps;

    // Every file the plan read on both instances, and the service folders' listings: a write changes one of them (or leaves a backup).
    const snapshot = (): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const instance of saved.instances) {
        for (const file of instance.filesRead) {
          const local = lab.local(instance.name, file.path);
          out[`${instance.name}:${file.path}`] = existsSync(local) ? sha(readFileSync(local)) : 'absent';
        }
        for (const dir of ['etc', 'httpsrv/lic']) {
          const local = lab.local(instance.name, `${instance.serviceDir ?? ''}/${dir}`);
          out[`${instance.name}:${dir}/`] = existsSync(local) ? readdirSync(local).sort().join(',') : 'absent';
        }
        out[`${instance.name}:${EVIL}`] = existsSync(lab.local(instance.name, EVIL)) ? 'present' : 'absent';
      }
      return out;
    };

    /** Writes the tampered plan, applies it with a confirmation that counts its calls, and returns the refusal. */
    const applyTampered = async (
      name: string,
      tamper: (plan: PlanDocument) => PlanDocument,
    ): Promise<{ error: unknown; asked: number }> => {
      const plan = tamper(structuredClone(saved));
      const path = join(lab.dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(plan, null, 2));
      const before = snapshot();
      let asked = 0;
      const error = await runApplyOnce(path, deps(), {
        readyDeadlineMs: 20_000,
        confirm: () => {
          asked += 1;
          return Promise.resolve(true);
        },
      }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(snapshot(), `${name}: host files unchanged`).toEqual(before);
      return { error, asked };
    };

    beforeAll(async () => {
      lab = startLab(addressBase, ['--linux', '2', '--windows', '0', '--backend', backend, '--drift', 'event-format']);
      planPath = join(lab.dir, 'plan.json');
      saved = (await runPlanOnce(lab.file.projectPath, deps(), { out: planPath })).plan;
      // The fixture must be what the tampers change: one edit of kl_feed_service.conf on the drifted instance.
      expect(drifted(saved).changes.map((change) => change.relativePath)).toEqual(['etc/kl_feed_service.conf']);
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    it(
      title('an added change outside the service folder (digest, groups and totals recomputed) is refused before any host is touched'),
      async () => {
        const { error, asked } = await applyTampered('added-path', (plan) => {
          const evil = Buffer.from('#!/bin/sh\nid\n');
          const added: PlannedChange = {
            path: EVIL,
            relativePath: EVIL,
            kind: 'copy',
            requirements: ['req1'],
            beforeSha256: null,
            afterSha256: sha(evil),
            restart: false,
            unifiedDiff: '',
            semanticChanges: [],
            afterBase64: evil.toString('base64'),
          };
          drifted(plan).changes.push(added);
          return recomputed(plan);
        });
        expect(asked).toBe(0);
        expect(String(error)).toContain(`${DRIFTED}: changes[1] (${EVIL}) field path may not be written: it is outside the service folder`);
      },
      120_000,
    );

    it(
      title('a path with ".." inside the service folder prefix is refused before any host is touched'),
      async () => {
        const { error, asked } = await applyTampered('dotdot', (plan) => {
          const instance = drifted(plan);
          const change = instance.changes[0] as PlannedChange;
          const path = `${instance.serviceDir ?? ''}/etc/../../../zz-evil`;
          instance.changes[0] = { ...change, path, relativePath: relativeToServiceDir(path, instance.serviceDir, 'linux') };
          return recomputed(plan);
        });
        expect(asked).toBe(0);
        expect(String(error)).toContain('field path may not be written: it has an empty, "." or ".." segment');
      },
      120_000,
    );

    it(
      title('a changed relativePath is refused, naming the field'),
      async () => {
        const { error, asked } = await applyTampered('relative-path', (plan) => {
          const change = drifted(plan).changes[0] as PlannedChange;
          change.relativePath = 'etc/kl_feed_util.conf';
          return recomputed(plan);
        });
        expect(asked).toBe(0);
        expect(String(error)).toContain('field relativePath is "etc/kl_feed_util.conf", but the path gives "etc/kl_feed_service.conf"');
      },
      120_000,
    );

    it(
      title('a lying summary (changes: 0) is refused; a plan that writes is confirmed whatever its summary says'),
      async () => {
        const { error, asked } = await applyTampered('lying-summary', (plan) => ({
          ...plan,
          summary: { ...plan.summary, changes: 0, instancesWithChanges: 0 },
        }));
        expect(asked).toBe(0);
        expect(String(error)).toContain('field summary.changes is 0, but the changes give 1');
        // The decision to ask is taken from the changes, not from the totals.
        expect(planWrites({ ...saved, summary: { ...saved.summary, changes: 0 } })).toBe(true);
        expect(planWrites({ ...saved, instances: saved.instances.map((instance) => ({ ...instance, changes: [] })) })).toBe(false);
      },
      120_000,
    );

    it(
      title(
        'changed after-bytes with a recomputed digest pass the file checks but are refused by the re-derivation, first difference named',
      ),
      async () => {
        const { error, asked } = await applyTampered('after-bytes', (plan) => {
          const change = drifted(plan).changes[0] as PlannedChange;
          const bytes = Buffer.from(change.afterBase64, 'base64').toString('latin1').replace('<EventFormat>', '<EventFormat>EVIL ');
          change.afterBase64 = Buffer.from(bytes, 'latin1').toString('base64');
          change.afterSha256 = sha(Buffer.from(bytes, 'latin1'));
          change.unifiedDiff = 'nothing to see here\n';
          return recomputed(plan);
        });
        expect(asked).toBe(0);
        const message = String(error);
        expect(message).toContain(`${DRIFTED}: ${drifted(saved).changes[0]?.path ?? '?'} field afterSha256: the plan says "`);
        expect(message).toContain(`re-derived from the live hosts "${drifted(saved).changes[0]?.afterSha256 ?? '?'}"`);
      },
      120_000,
    );

    it(
      title(
        'a lying diff is never shown: the confirmation gets the diff re-derived from the bytes; declining writes nothing; the untouched plan then applies',
      ),
      async () => {
        let shown: PlanDocument | undefined;
        const liar = recomputed({
          ...structuredClone(saved),
          instances: saved.instances.map((instance) => ({
            ...instance,
            changes: instance.changes.map((change) => ({
              ...change,
              unifiedDiff: '@@ -1 +1 @@\n-harmless\n+harmless\n',
              semanticChanges: [],
            })),
          })),
        });
        const liarPath = join(lab.dir, 'lying-diff.json');
        writeFileSync(liarPath, JSON.stringify(liar));
        const before = readFileSync(lab.local(DRIFTED, drifted(saved).changes[0]?.path ?? ''));
        const declined = await runApplyOnce(liarPath, deps(), {
          readyDeadlineMs: 20_000,
          confirm: (plan) => {
            shown = plan;
            return Promise.resolve(false);
          },
        });
        expect(declined.report).toBeUndefined();
        expect(shown?.summary.changes).toBe(1);
        const shownDiff = shown?.groups[0]?.changes[0]?.diffBody ?? '';
        expect(shownDiff).not.toContain('harmless');
        expect(shownDiff).toContain('+    <EventFormat>%REQ% ');
        expect(shownDiff).toBe(saved.groups[0]?.changes[0]?.diffBody);
        expect(readFileSync(lab.local(DRIFTED, drifted(saved).changes[0]?.path ?? '')).equals(before)).toBe(true);

        const applied = await runApplyOnce(planPath, deps(), { readyDeadlineMs: 20_000 });
        expect(applied.report?.instances.map((result) => `${result.instance}:${result.outcome}`)).toEqual([
          'ct-linux-1:unchanged',
          `${DRIFTED}:applied`,
        ]);
        expect(sha(readFileSync(lab.local(DRIFTED, drifted(saved).changes[0]?.path ?? '')))).toBe(drifted(saved).changes[0]?.afterSha256);
      },
      180_000,
    );
  });
}
