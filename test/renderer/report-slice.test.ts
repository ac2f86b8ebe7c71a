import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { checkSlug, formatBytes } from '../../renderer/report/report-view.js';
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { sampleApplyReport } from './samples/apply-sample.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';
import { sampleBuiltReport, sampleFailedVerification } from './samples/report-sample.js';

const PATH = '/p/x.ctha.json';

// The sample apply names ct1..ct3: the project has them all, as the evidence schema requires.
function threeInstanceProject() {
  const project = sampleProject();
  return { ...project, instances: [...project.instances, { ...project.instances[0]!, name: 'ct3', host: '10.0.0.13' }] };
}

/** A store with a saved project and a session (pre-check, audit, apply, probe) of it. */
function session(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(overrides);
  const store = createAppStore(fake.api);
  store.setState({
    draft: threeInstanceProject(),
    path: PATH,
    dirty: false,
    precheckResults: [{ check: 'reachable', instance: 'ct1', status: 'pass', severity: 'blocker', evidence: 'ok' }],
    precheckPath: PATH,
    auditReport: sampleAuditReport(),
    auditPath: PATH,
    applyRuns: [{ report: sampleApplyReport(), plan: samplePlan() }],
    probeResult: sampleProbeResult(),
  });
  return { store, api: fake.api };
}

function filled(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const { store, api } = session(overrides);
  store.getState().setReportField('reportEngineer', 'Erika Engineer');
  store.getState().setReportField('reportOutDir', ' /r/out ');
  return { store, api };
}

/** The evidence the one call to report.build carried. */
function sentEvidence(api: ReturnType<typeof fakeApi>['api']) {
  const call = vi.mocked(api['report.build']).mock.calls[0]?.[0];
  return call?.evidence;
}

describe('report slice: build', () => {
  it('refuses without a saved project, an engineer, a folder or a PKCS#12 path, without calling the engine', async () => {
    const { api } = fakeApi();
    const empty = createAppStore(api);
    await empty.getState().buildReport();
    expect(empty.getState().notice?.text).toBe('Open a project first: a report is built on a saved project file.');
    const { store } = session();
    store.setState({ dirty: true });
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe('Save the project first: a report is built on the saved project file.');
    store.setState({ dirty: false });
    store.getState().setReportField('reportEngineer', '  ');
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe("Enter the engineer's name: the report names who signs it.");
    store.getState().setReportField('reportEngineer', 'Erika Engineer');
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe('Enter the folder to write the report into (new or empty).');
    store.getState().setReportField('reportOutDir', '/r/out');
    store.getState().setReportIdentity('p12');
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe('Enter the PKCS#12 file to sign with, or choose the product identity.');
    expect(api['report.build']).not.toHaveBeenCalled();
    expect(store.getState().reportStatus).toBe('idle');
  });

  it('refuses a session with no run at all, saying why, without calling the engine', async () => {
    const { store, api } = filled();
    store.setState({ precheckResults: [], auditReport: undefined, applyRuns: [], probeResult: undefined });
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toMatch(/^This session's evidence cannot be signed yet: .+ \(at times\.startedAt\)\.$/);
    expect(api['report.build']).not.toHaveBeenCalled();
  });

  it("signs the session's evidence inline with the product identity by default and offers the new folder for verification", async () => {
    const built = sampleBuiltReport();
    const { store, api } = filled({ 'report.build': async () => built });
    await store.getState().buildReport();
    expect(api['report.build']).toHaveBeenCalledTimes(1);
    expect(api['report.build']).toHaveBeenCalledWith(expect.objectContaining({ outDir: '/r/out', identity: { kind: 'product' } }));
    const call = vi.mocked(api['report.build']).mock.calls[0]?.[0];
    expect(call?.evidencePath).toBeUndefined();
    const evidence = sentEvidence(api);
    const parsed = EvidenceInputSchema.safeParse(evidence);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(evidence?.engineer).toEqual({ name: 'Erika Engineer' });
    expect(evidence?.cluster.name).toBe('Customer cluster');
    expect(evidence?.findings).toHaveLength(sampleAuditReport().findings.findings.length);
    expect(evidence?.changes?.map((change) => [change.instance, change.outcome])).toEqual([
      ['ct3', 'rolled-back'],
      ['ct2', 'applied'],
    ]);
    expect(evidence?.probes?.map((probe) => [probe.instance, probe.status])).toEqual([
      ['ct2', 'fail'],
      ['ct1', 'pass'],
    ]);
    expect(evidence?.prechecks).toHaveLength(1);
    expect(store.getState().reportBuilt).toBe(built);
    expect(store.getState().verifyPath).toBe('/r/out');
  });

  it("leaves another project's audit and applies out of what it signs", async () => {
    const { store, api } = filled({ 'report.build': async () => sampleBuiltReport() });
    store.setState({
      auditPath: '/p/other.ctha.json',
      applyRuns: [{ report: { ...sampleApplyReport(), project: { name: 'Other', path: '/p/other.ctha.json' } }, plan: samplePlan() }],
    });
    await store.getState().buildReport();
    expect(sentEvidence(api)?.findings).toEqual([]);
    expect(sentEvidence(api)?.changes).toEqual([]);
  });

  it("signs with the engineer's PKCS#12 file when chosen; the passphrase is never part of the call or the state", async () => {
    const { store, api } = filled({ 'report.build': async () => sampleBuiltReport() });
    store.getState().setReportIdentity('p12');
    store.getState().setReportField('reportP12Path', '/home/e/engineer.p12');
    await store.getState().buildReport();
    expect(api['report.build']).toHaveBeenCalledWith(
      expect.objectContaining({ outDir: '/r/out', identity: { kind: 'p12', path: '/home/e/engineer.p12' } }),
    );
    expect(JSON.stringify(sentEvidence(api))).not.toMatch(/pass(phrase|word)"\s*:/i);
    expect(Object.keys(store.getState()).filter((key) => /pass(phrase|word)|secret/i.test(key))).toEqual([]);
  });

  it('shows why the engine refused to build', async () => {
    const { store } = filled({
      'report.build': async () => {
        throw new ApiError({ code: 'io', message: 'the output folder /r/out is not empty' });
      },
    });
    await store.getState().buildReport();
    expect(store.getState().reportStatus).toBe('failed');
    expect(store.getState().notice?.text).toBe('Report not built: the output folder /r/out is not empty');
  });
});

describe('report slice: verify', () => {
  it('verifies the path given and keeps every check', async () => {
    const result = sampleFailedVerification();
    const { store, api } = filled({ 'report.verify': async () => result });
    store.getState().setReportField('verifyPath', ' /r/out ');
    await store.getState().verifyReport();
    expect(api['report.verify']).toHaveBeenCalledWith({ path: '/r/out' });
    expect(store.getState().verifyResult).toBe(result);
  });

  it('refuses an empty path and reports a missing one', async () => {
    const { store, api } = filled({
      'report.verify': async () => {
        throw new ApiError({ code: 'not-found', message: '/r/none not found' });
      },
    });
    await store.getState().verifyReport();
    expect(store.getState().notice?.text).toBe('Enter a report folder or a report.pdf to verify.');
    expect(api['report.verify']).not.toHaveBeenCalled();
    store.getState().setReportField('verifyPath', '/r/none');
    await store.getState().verifyReport();
    expect(store.getState().notice?.text).toBe('Cannot verify: /r/none not found');
  });
});

describe('report view helpers', () => {
  it('turns check names into test-id suffixes and sizes into words', () => {
    expect(checkSlug('PDF signature')).toBe('pdf-signature');
    expect(checkSlug('evidence.json signature (CMS)')).toBe('evidence-json-signature-cms');
    expect(formatBytes(800)).toBe('800 B');
    expect(formatBytes(20480)).toBe('20.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
