import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe, readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { DRIFT_PRESETS } from '../../../../lab/spec.js';
import { ALERT_FORMAT } from '../../../../lab/trees/reference-state.js';
import { compareObservation } from '../../../../shared/requirements/compare/compare-observation.js';
import { REQUIREMENT_IDS, type RequirementId } from '../../../../shared/requirements/ids.js';
import type { Observation } from '../../../../shared/requirements/observation.js';
import { CTX, MATRIX, PRESET_REQUIREMENT, generateInstanceFiles, presentFile, sha256 } from './lab-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-observe-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const observeFiles = (files: InstanceFiles): Record<RequirementId, Observation> => observe(readInstanceConfig(files), files, CTX);
const valueOf = (observation: Observation): unknown =>
  observation.state === 'known' ? observation.value : `unknown: ${observation.reason}`;

describe.each(MATRIX)('observe on $version $os', ({ version, os }) => {
  let reference: InstanceFiles;
  let observed: Record<RequirementId, Observation>;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
    observed = observeFiles(reference);
  });

  it('reads every requirement of the lab reference as its documented HA value', () => {
    const v5 = version === '5.1';
    expect(valueOf(observed.req6)).toEqual({
      rules: [{ source: 'default', type: 'CONTEXT', regex: String.raw`^(\d+)\s`, attributes: {} }],
    });
    expect(valueOf(observed.req7)).toEqual({
      EventFormat: '%REQ% category=%Category% matchedIndicator=%MatchedIndicator% %RecordContext%',
      RecordFieldContextFormat: '%ParamName%=%ParamValue%',
      ActionableFieldContextFormat: ' %ParamName%:%ParamValue%',
    });
    expect(valueOf(observed.req8)).toEqual({ present: true, enabled: 'true', text: '%REQ% LookupFinished' });
    // AlertFormat is read with the alerts item: without it no alerts are sent (REFERENCE 1.4.2).
    expect(valueOf(observed.alerts)).toEqual({ present: true, enabled: 'true', text: '127.0.0.10:9998', alertFormat: ALERT_FORMAT });
    const feeds = valueOf(observed.req2) as { feeds: { name: string }[]; tenantUsage: { name: string }[] | null };
    expect(feeds.feeds.map((feed) => feed.name)).toEqual([
      'Botnet_CnC_URL_Data_Feed',
      'IP_Reputation_Data_Feed',
      'Malicious_Hash_Data_Feed',
      'Malicious_URL_Data_Feed',
      'Phishing_URL_Data_Feed',
    ]);
    expect(feeds.tenantUsage?.map((feed) => feed.name) ?? null).toEqual(v5 ? feeds.feeds.map((feed) => `${feed.name}.json`) : null);
    expect(valueOf(observed.req3)).toEqual({ tenantFeeds: v5 ? [] : null, topLevelFeeds: null, indicators: 'not-readable' });
    const license = valueOf(observed.req4) as { keys: string[]; edition: string };
    expect(license.edition).toBe('licensed');
    expect(license.keys).toEqual(reference.licenseDir.keys.map((key) => (key.present ? key.sha256 : '')));
    const tasks = valueOf(observed.req5) as {
      tasks: {
        name: string;
        enabled: string;
        filters: Record<string, string>[];
        settings: Record<string, string>;
        perInstance: string[];
      }[];
    };
    expect(tasks.tasks.map((task) => [task.name, task.enabled])).toEqual([
      ['apt_hashes_weekly', 'true'],
      ['botnet_cnc_urls', 'true'],
    ]);
    // Filters in canonical order (a set): "category" sorts before "ioc_updated_timestamp".
    expect(tasks.tasks[0]?.filters).toEqual([
      { field: 'category', value: 'KL_APT_Hash_MD5', included: 'true' },
      { field: 'ioc_updated_timestamp', value: '%NOW%-7', included: 'true' },
    ]);
    expect(tasks.tasks[0]?.settings).toEqual({ delimiter: ',', update_frequency: '1440', create_header: 'true', records_limit: '50000' });
    expect(tasks.tasks[0]?.perInstance).toEqual([]);
    const cert = valueOf(observed.req1) as { fingerprint: string; basis: string };
    expect(cert.basis).toBe('x509-der');
    expect(cert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('names the exact files read as evidence', () => {
    const service = reference.serviceConf.present ? reference.serviceConf : undefined;
    const evidence = observed.req6.state === 'known' ? observed.req6.evidence : [];
    expect(evidence).toEqual([{ path: service?.path, sha256: service?.sha256 }]);
    const certEvidence = observed.req1.state === 'known' ? observed.req1.evidence.map((e) => e.path) : [];
    expect(certEvidence).toEqual([reference.feedUtilConf.path, reference.certificate?.path]);
  });

  it.each(DRIFT_PRESETS)('drift preset %s shows as drift on its requirement only', async (preset) => {
    const drifted = await generateInstanceFiles(dir, `${preset}-${version}-${os}`, os, version, [preset]);
    const observations = observeFiles(drifted);
    const statuses = Object.fromEntries(
      REQUIREMENT_IDS.map((id) => [id, compareObservation(id, observed[id], observations[id], CTX).status]),
    );
    const expected = Object.fromEntries(
      REQUIREMENT_IDS.map((id) => [id, id === PRESET_REQUIREMENT[preset] ? 'drift' : id === 'req3' ? 'unknown' : 'match']),
    );
    expect(statuses).toEqual(expected);
  });

  it('the reference against itself matches everywhere but the unreadable indicators', () => {
    const statuses = REQUIREMENT_IDS.map((id) => compareObservation(id, observed[id], observed[id], CTX).status);
    expect(statuses).toEqual(REQUIREMENT_IDS.map((id) => (id === 'req3' ? 'unknown' : 'match')));
  });

  it('falls back to the digest of the file bytes for a certificate that does not parse, and says so', () => {
    const path = reference.certificate?.path ?? '';
    const bytes = Buffer.from('not a certificate\n');
    const observations = observeFiles({ ...reference, certificate: presentFile(path, bytes) });
    expect(observations.req1.state).toBe('known');
    if (observations.req1.state !== 'known') return;
    expect(observations.req1.value).toEqual({
      certFile: path,
      fingerprint: sha256(bytes).toUpperCase().match(/../g)?.join(':'),
      basis: 'file-bytes',
    });
    expect(observations.req1.note).toMatch(/does not parse as an X\.509 certificate/);
    expect(compareObservation('req1', observed.req1, observations.req1, CTX).status).toBe('drift');
  });

  it('reads no key file as Community Edition and an unreadable key as unknown', () => {
    const community = observeFiles({ ...reference, licenseDir: { path: reference.licenseDir.path, present: false, keys: [] } });
    expect(valueOf(community.req4)).toEqual({ keys: [], edition: 'community' });
    const unreadable = observeFiles({
      ...reference,
      licenseDir: { ...reference.licenseDir, keys: [{ path: 'x.key', present: false, reason: 'permission denied' }] },
    });
    expect(unreadable.req4).toEqual({ state: 'unknown', reason: 'license key x.key not read: permission denied' });
  });

  it('keeps what CyberTrace reads: CRLF in a value becomes LF, spaces stay, attribute order does not count', () => {
    if (!reference.serviceConf.present) throw new Error('no service conf');
    const text = Buffer.from(reference.serviceConf.bytes).toString('utf8');
    const edited = text
      .replace('<REQ type="CONTEXT">', '<REQ extract="first" type="CONTEXT">')
      .replace('%RecordContext%</EventFormat>', '%RecordContext% \r\n</EventFormat>');
    const observations = observeFiles({ ...reference, serviceConf: presentFile(reference.serviceConf.path, Buffer.from(edited)) });
    expect(valueOf(observations.req6)).toEqual({
      rules: [{ source: 'default', type: 'CONTEXT', regex: String.raw`^(\d+)\s`, attributes: { extract: 'first' } }],
    });
    expect((valueOf(observations.req7) as { EventFormat: string }).EventFormat).toBe(
      '%REQ% category=%Category% matchedIndicator=%MatchedIndicator% %RecordContext% \n',
    );
  });
});
