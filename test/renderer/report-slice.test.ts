import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { checkSlug, formatBytes } from '../../renderer/report/report-view.js';
import { fakeApi } from './fake-api.js';
import { sampleBuiltReport, sampleFailedVerification } from './samples/report-sample.js';

function filled(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(overrides);
  const store = createAppStore(fake.api);
  store.getState().setReportField('reportEvidencePath', ' /r/evidence.json ');
  store.getState().setReportField('reportOutDir', '/r/out');
  return { store, api: fake.api };
}

describe('report slice: build', () => {
  it('refuses a missing evidence file, folder or PKCS#12 path without calling the engine', async () => {
    const { api } = fakeApi();
    const store = createAppStore(api);
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe('Enter the evidence input file the report is built from.');
    store.getState().setReportField('reportEvidencePath', '/r/evidence.json');
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe('Enter the folder to write the report into (new or empty).');
    store.getState().setReportField('reportOutDir', '/r/out');
    store.getState().setReportIdentity('p12');
    await store.getState().buildReport();
    expect(store.getState().notice?.text).toBe('Enter the PKCS#12 file to sign with, or choose the product identity.');
    expect(api['report.build']).not.toHaveBeenCalled();
  });

  it('builds with the product identity by default and offers the new folder for verification', async () => {
    const built = sampleBuiltReport();
    const { store, api } = filled({ 'report.build': async () => built });
    await store.getState().buildReport();
    expect(api['report.build']).toHaveBeenCalledWith({ evidencePath: '/r/evidence.json', outDir: '/r/out', identity: { kind: 'product' } });
    expect(store.getState().reportBuilt).toBe(built);
    expect(store.getState().verifyPath).toBe('/r/out');
  });

  it('signs with the engineer\'s PKCS#12 file when chosen; the passphrase is never part of the call or the state', async () => {
    const { store, api } = filled({ 'report.build': async () => sampleBuiltReport() });
    store.getState().setReportIdentity('p12');
    store.getState().setReportField('reportP12Path', '/home/e/engineer.p12');
    await store.getState().buildReport();
    expect(api['report.build']).toHaveBeenCalledWith({ evidencePath: '/r/evidence.json', outDir: '/r/out', identity: { kind: 'p12', path: '/home/e/engineer.p12' } });
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
