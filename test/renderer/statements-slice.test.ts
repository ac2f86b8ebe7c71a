// The statements slice over a fake engine: saved through the contract, the draft and digest replaced, the grid re-decided at once.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import type { Project } from '../../shared/project/schema.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { findingAt } from '../../renderer/audit/audit-grid.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { sampleAuditReport } from './samples/audit-sample.js';

const PATH = '/p/x.ctha.json';
const attestation = {
  requirement: 'req3' as const,
  instance: 'ct2',
  note: 'indicator lists compared on both consoles',
  engineer: 'A. Engineer',
  date: '2026-12-07T10:00:00.000Z',
};
const waiver = {
  requirement: 'req8' as const,
  instance: 'ct2',
  justification: 'the customer keeps its own format',
  engineer: 'A. Engineer',
  date: '2026-12-07T10:00:00.000Z',
};

// An engine that keeps the project in memory as the real handlers keep it on disk.
async function openedStore() {
  let project: Project = sampleProject();
  let version = 0;
  const written = () => ({ path: PATH, project, sha256: `sha-${(version += 1)}` });
  const fake = fakeApi({
    'project.open': async ({ path }) => ({ path, project, sha256: 'sha-0' }),
    'project.attest': async ({ attestation: entry }) => {
      project = { ...project, attestations: [...project.attestations, { ...entry }] };
      return written();
    },
    'project.waive': async ({ waiver: entry }) => {
      project = { ...project, waivers: [...project.waivers, { ...entry }] };
      return written();
    },
    'project.removeStatement': async ({ kind, requirement, instance }) => {
      const list = kind === 'attestation' ? 'attestations' : 'waivers';
      project = { ...project, [list]: project[list].filter((entry) => entry.requirement !== requirement || entry.instance !== instance) };
      return written();
    },
  });
  const store = createAppStore(fake.api);
  await store.getState().open(PATH);
  store.setState({ auditReport: sampleAuditReport(), auditPath: PATH, auditStatus: 'done' });
  return { store, api: fake.api };
}

describe('statements slice', () => {
  it('attest: saved through project.attest, the draft and digest follow, the grid shows ATTESTED at once', async () => {
    const { store, api } = await openedStore();
    const before = store.getState().auditReport;
    expect(findingAt(before!, 'req3', 'ct2')?.status).toBe('unknown');
    await expect(store.getState().attest(attestation)).resolves.toEqual({ ok: true });
    expect(api['project.attest']).toHaveBeenCalledWith({ path: PATH, attestation });
    const state = store.getState();
    expect(state.draft?.attestations).toEqual([attestation]);
    expect(state.projectSha256).toBe('sha-1');
    expect(state.dirty).toBe(false);
    expect(findingAt(state.auditReport!, 'req3', 'ct2')).toMatchObject({ status: 'attested', verifiedBy: 'engineer', attestation });
    expect(findingAt(state.auditReport!, 'req3', 'ct1')?.status).toBe('unknown');
    expect(state.auditReport?.counts.attested).toBe(1);
    expect(state.restatedAudit?.report).toBe(state.auditReport);
    expect(state.notice?.text).toContain('the hosts were not re-read');
  });

  it('waive then remove: WAIVED, then back to the DRIFT the tool found', async () => {
    const { store, api } = await openedStore();
    await store.getState().waive(waiver);
    expect(findingAt(store.getState().auditReport!, 'req8', 'ct2')).toMatchObject({ status: 'waived', compared: 'drift' });
    await store.getState().removeStatement('waiver', 'req8', 'ct2');
    expect(api['project.removeStatement']).toHaveBeenCalledWith({ path: PATH, kind: 'waiver', requirement: 'req8', instance: 'ct2' });
    const finding = findingAt(store.getState().auditReport!, 'req8', 'ct2');
    expect(finding).toMatchObject({ status: 'drift', verifiedBy: 'tool' });
    expect(finding?.waiver).toBeUndefined();
    expect(store.getState().draft?.waivers).toEqual([]);
    expect(store.getState().auditReport?.verdict).toBe('drift');
  });

  it('refuses while the draft has unsaved edits: nothing is called, the draft keeps its edit', async () => {
    const { store, api } = await openedStore();
    store.getState().updateName('edited');
    const outcome = await store.getState().attest(attestation);
    expect(outcome.ok).toBe(false);
    expect(api['project.attest']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toBe('Save the project first: attestations and waivers are recorded on the saved project file.');
    expect(store.getState().draft?.name).toBe('edited');
    expect(findingAt(store.getState().auditReport!, 'req3', 'ct2')?.status).toBe('unknown');
  });

  it('an engine refusal comes back with its issues for the form; the audit and draft are unchanged', async () => {
    const fake = fakeApi({
      'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'sha-0' }),
      'project.attest': async () => {
        throw new ApiError({
          code: 'invalid-input',
          message: 'no instance "zz"',
          issues: [{ path: 'instance', message: 'unknown instance' }],
        });
      },
    });
    const store = createAppStore(fake.api);
    await store.getState().open(PATH);
    const report = sampleAuditReport();
    store.setState({ auditReport: report, auditPath: PATH });
    const outcome = await store.getState().attest({ ...attestation, instance: 'zz' });
    expect(outcome).toEqual({ ok: false, message: 'no instance "zz"', issues: [{ path: 'instance', message: 'unknown instance' }] });
    expect(store.getState().auditReport).toBe(report);
    expect(store.getState().projectSha256).toBe('sha-0');
    expect(store.getState().statementStatus).toBe('idle');
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'Not saved: no instance "zz"' });
  });

  it('a second action while one is being saved is refused and calls nothing', async () => {
    const { store, api } = await openedStore();
    const first = store.getState().attest(attestation);
    const second = await store.getState().waive(waiver);
    expect(second).toEqual({ ok: false, message: 'A statement is being saved; wait for it to finish.', issues: [] });
    await expect(first).resolves.toEqual({ ok: true });
    expect(api['project.attest']).toHaveBeenCalledTimes(1);
    expect(api['project.waive']).not.toHaveBeenCalled();
    expect(store.getState().draft?.waivers).toEqual([]);
  });

  it('an audit of another project file is left alone (only the draft changes)', async () => {
    const { store } = await openedStore();
    const other = sampleAuditReport();
    store.setState({ auditReport: other, auditPath: '/p/other.ctha.json' });
    await store.getState().attest(attestation);
    expect(store.getState().auditReport).toBe(other);
    expect(store.getState().restatedAudit).toBeUndefined();
    expect(store.getState().draft?.attestations).toHaveLength(1);
  });
});
