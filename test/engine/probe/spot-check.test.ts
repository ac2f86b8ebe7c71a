import { X509Certificate } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alignAnswers, spotCheckCluster, type CertificateCandidate, type SpotCheckOptions } from '../../../engine/probe/spot-check.js';
import { parseLookupAnswers, restLookup, RestLookupError } from '../../../engine/probe/rest-lookup.js';
import { CertificateChangedError, readServerCertificate } from '../../../engine/probe/tls-pin.js';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import type { LabRestDataInput } from '../../../lab/simulator/rest-lab-data.js';
import type { LabOs, LabVersion } from '../../../lab/spec.js';
import { FEEDS_CERT_REFERENCE, WEB_CERT } from '../../../lab/trees/lab-pki.js';
import { compareLookups } from '../../../shared/probe/compare-lookups.js';
import { normaliseCertFingerprint } from '../../../shared/probe/fingerprint.js';
import { parseIndicatorList } from '../../../shared/probe/indicator-list.js';
import { startTreeService, type TreeService } from '../../lab/simulator/tree-service.js';

// Addresses 127.0.102.1-60 belong to this file.
const services: TreeService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

const PASSWORD = 'Spot-check lab pw 42';
const USERS = { users: [{ name: 'admin', password: PASSWORD }] };
const WEB_FINGERPRINT = new X509Certificate(WEB_CERT.slice(WEB_CERT.indexOf('-----BEGIN'))).fingerprint256;
const OTHER_FINGERPRINT = new X509Certificate(FEEDS_CERT_REFERENCE.slice(FEEDS_CERT_REFERENCE.indexOf('-----BEGIN'))).fingerprint256;
const INDICATORS = [DEMO_INDICATORS.url, DEMO_INDICATORS.ip, '198.51.100.7'];

async function instance(
  name: string,
  address: string,
  options: { version?: LabVersion; os?: LabOs; data?: LabRestDataInput } = {},
): Promise<TreeService> {
  const service = await startTreeService({
    name,
    version: options.version ?? '4.4',
    os: options.os ?? 'linux',
    address,
    rest: true,
    restData: { ...USERS, ...options.data },
  });
  services.push(service);
  await service.service.ready;
  return service;
}

const target = (service: TreeService) => ({
  instance: service.instance.name,
  host: service.service.address,
  port: service.service.restPort ?? 0,
});

/** Spot-check options with recording callbacks: accept every new certificate, answer the lab password. */
function checkOptions(services: readonly TreeService[], overrides: Partial<SpotCheckOptions> = {}) {
  const calls = { reviewed: [] as CertificateCandidate[][], asked: [] as { user: string; instances: readonly string[] }[] };
  const options: SpotCheckOptions = {
    cluster: 'lab',
    targets: services.map(target),
    indicators: INDICATORS,
    user: 'admin',
    apiVersion: '1.2',
    timeoutMs: 5000,
    pins: new Map(),
    reviewCertificates: async (candidates) => {
      calls.reviewed.push([...candidates]);
      return candidates.map((candidate) => candidate.fingerprint);
    },
    askPassword: async (question) => {
      calls.asked.push(question);
      return PASSWORD;
    },
    ...overrides,
  };
  return { options, calls };
}

describe('REST spot-check across instances', () => {
  it('consistent: every instance answers every indicator alike; new certificates reviewed once, password asked once', async () => {
    const a = await instance('ct-1', '127.0.102.1');
    const b = await instance('ct-2', '127.0.102.2', { version: '5.1' });
    const c = await instance('ct-3', '127.0.102.3', { version: '5.1', os: 'windows' });
    const { options, calls } = checkOptions([a, b, c]);
    const result = await spotCheckCluster(options);
    expect(result.outcome).toBe('consistent');
    expect(calls.reviewed).toHaveLength(1);
    expect(calls.reviewed[0]?.map((candidate) => [candidate.instance, candidate.fingerprint])).toEqual([
      ['ct-1', WEB_FINGERPRINT],
      ['ct-2', WEB_FINGERPRINT],
      ['ct-3', WEB_FINGERPRINT],
    ]);
    expect(calls.reviewed[0]?.[0]?.subject).toMatch(/CN=Lab CyberTrace Web/);
    expect(calls.asked).toEqual([{ user: 'admin', instances: ['ct-1', 'ct-2', 'ct-3'] }]);
    expect(result.certificates.map((certificate) => certificate.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(
      result.indicators.map((entry) => [
        entry.indicator,
        entry.consistent,
        entry.groups.map((group) => [group.result, group.categories, group.instances.length]),
      ]),
    ).toEqual([
      [DEMO_INDICATORS.url, true, [['detected', ['Demo_Botnet_CnC_URL'], 3]]],
      [DEMO_INDICATORS.ip, true, [['detected', ['Demo_IP_Reputation'], 3]]],
      ['198.51.100.7', true, [['not detected', [], 3]]],
    ]);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('inconsistent: a FalsePositive on one instance and an InternalTI entry on another show as separate groups', async () => {
    const a = await instance('ct-1', '127.0.102.4');
    const b = await instance('ct-2', '127.0.102.5', { data: { suppliers: { FalsePositive: [{ indicator: DEMO_INDICATORS.url }] } } });
    const c = await instance('ct-3', '127.0.102.6', {
      data: { suppliers: { InternalTI: [{ indicator: '198.51.100.7', context: { note: 'soc list' } }] } },
    });
    const result = await spotCheckCluster(checkOptions([a, b, c]).options);
    expect(result.outcome).toBe('inconsistent');
    const byIndicator = new Map(result.indicators.map((entry) => [entry.indicator, entry]));
    expect(byIndicator.get(DEMO_INDICATORS.url)?.groups).toEqual([
      { result: 'detected', categories: ['Demo_Botnet_CnC_URL'], instances: ['ct-1', 'ct-3'] },
      { result: 'not detected', categories: [], instances: ['ct-2'] },
    ]);
    expect(byIndicator.get(DEMO_INDICATORS.ip)?.consistent).toBe(true);
    expect(byIndicator.get('198.51.100.7')?.groups).toEqual([
      { result: 'not detected', categories: [], instances: ['ct-1', 'ct-2'] },
      { result: 'detected', categories: ['KL_InternalTI_IP'], instances: ['ct-3'] },
    ]);
  });

  it('a wrong password: 401 as a clear error on each instance, outcome incomplete, the password nowhere', async () => {
    const a = await instance('ct-1', '127.0.102.7');
    const b = await instance('ct-2', '127.0.102.8');
    const wrong = 'not the lab password';
    const result = await spotCheckCluster(checkOptions([a, b], { askPassword: async () => wrong }).options);
    expect(result.outcome).toBe('incomplete');
    for (const entry of result.instances) {
      expect(entry.failure).toEqual({
        kind: 'unauthorized',
        status: 401,
        message: `401 Unauthorized from https://${entry.host}:${entry.port}/api/1.2/lookup: the user "admin" does not exist or the password is wrong`,
      });
    }
    expect(JSON.stringify(result)).not.toContain(wrong);
  });

  it('a changed certificate is a hard stop: both fingerprints, no review, no password asked, no request sent', async () => {
    const a = await instance('ct-1', '127.0.102.9');
    const b = await instance('ct-2', '127.0.102.10');
    const { options, calls } = checkOptions([a, b], {
      pins: new Map([
        ['ct-1', WEB_FINGERPRINT.toLowerCase().replaceAll(':', '')],
        ['ct-2', OTHER_FINGERPRINT],
      ]),
    });
    const result = await spotCheckCluster(options);
    expect(result.outcome).toBe('stopped');
    expect(result.stop).toMatchObject({
      kind: 'certificate-changed',
      instance: 'ct-2',
      pinned: OTHER_FINGERPRINT,
      presented: WEB_FINGERPRINT,
    });
    expect(result.stop?.message).toContain(`pinned ${OTHER_FINGERPRINT}, presented ${WEB_FINGERPRINT}`);
    expect(result.certificates.map((certificate) => certificate.status)).toEqual(['pinned', 'changed']);
    expect(calls.reviewed).toEqual([]);
    expect(calls.asked).toEqual([]);
    for (const service of [a, b]) expect(service.log.lines.join('\n')).not.toMatch(/REST POST/);
  });

  it('a pinned certificate needs no review; a declined one is not sent anything', async () => {
    const a = await instance('ct-1', '127.0.102.11');
    const b = await instance('ct-2', '127.0.102.12');
    const { options, calls } = checkOptions([a, b], { pins: new Map([['ct-1', WEB_FINGERPRINT]]), reviewCertificates: async () => [] });
    const result = await spotCheckCluster(options);
    expect(result.outcome).toBe('incomplete');
    expect(result.certificates.map((certificate) => [certificate.instance, certificate.status])).toEqual([
      ['ct-1', 'pinned'],
      ['ct-2', 'not-accepted'],
    ]);
    expect(result.instances.map((entry) => [entry.instance, entry.ok, entry.failure?.kind])).toEqual([
      ['ct-1', true, undefined],
      ['ct-2', false, 'certificate-not-accepted'],
    ]);
    expect(calls.asked).toEqual([{ user: 'admin', instances: ['ct-1'] }]);
    expect(b.log.lines.join('\n')).not.toMatch(/REST POST/);
  });

  it('no REST endpoint: refused; the silent event port: timeout; a plain-text server: tls', async () => {
    const a = await instance('ct-1', '127.0.102.13');
    const plain = createServer((socket) =>
      socket
        .resume()
        .on('error', () => undefined)
        .end('HTTP/1.1 400 Bad Request\r\n\r\n'),
    );
    await new Promise<void>((done) => plain.listen(0, '127.0.102.15', done));
    try {
      const plainPort = (plain.address() as AddressInfo).port;
      const result = await spotCheckCluster(
        checkOptions([], {
          timeoutMs: 1000,
          targets: [
            { instance: 'ct-down', host: '127.0.102.14', port: 9 },
            { instance: 'ct-events', host: a.service.address, port: a.service.port },
            { instance: 'ct-plain', host: '127.0.102.15', port: plainPort },
          ],
        }).options,
      );
      expect(result.outcome).toBe('incomplete');
      expect(result.instances.map((entry) => entry.failure?.kind)).toEqual(['refused', 'timeout', 'tls']);
      expect(result.instances[1]?.failure?.message).toMatch(/no TLS handshake with 127\.0\.102\.13:\d+ within 1000 ms/);
      expect(result.instances[2]?.failure?.message).toMatch(/no TLS handshake with 127\.0\.102\.15:\d+: ERR_SSL/);
    } finally {
      await new Promise((done) => plain.close(done));
    }
  });
});

describe('pinned TLS and the lookup client', () => {
  it('reads the presented certificate without sending a byte, and refuses a mismatching pin before the request', async () => {
    const a = await instance('ct-1', '127.0.102.20');
    const seen = await readServerCertificate(a.service.address, a.service.restPort ?? 0, 3000);
    expect(seen.fingerprint).toBe(WEB_FINGERPRINT);
    const lookup = {
      host: a.service.address,
      port: a.service.restPort ?? 0,
      apiVersion: '1.2' as const,
      user: 'admin',
      password: PASSWORD,
      indicators: ['x'],
      timeoutMs: 3000,
    };
    await expect(restLookup({ ...lookup, fingerprint: OTHER_FINGERPRINT })).rejects.toBeInstanceOf(CertificateChangedError);
    expect(a.log.lines.join('\n')).not.toMatch(/REST POST/);
    await expect(restLookup({ ...lookup, fingerprint: WEB_FINGERPRINT, apiVersion: '1.3' })).rejects.toThrow(
      /404 Request not supported .*API 1\.3/,
    );
    expect(await restLookup({ ...lookup, fingerprint: WEB_FINGERPRINT })).toEqual([
      { indicator: 'x', result: 'not detected', categories: [] },
    ]);
  });

  it('refuses answers that are not the documented array', () => {
    expect(() => parseLookupAnswers('<html>', 'u')).toThrow(RestLookupError);
    expect(() => parseLookupAnswers('{"a":1}', 'u')).toThrow(/JSON array/);
    expect(() => parseLookupAnswers('[{"result":"x"}]', 'u')).toThrow(/no "object"/);
    expect(() => parseLookupAnswers('[{"object":"o","categories":[{"x":1}]}]', 'u')).toThrow(/without a "category"/);
    expect(
      parseLookupAnswers('[{"object":"o","result":"r","categories":[{"category":"B"},{"category":"A"},{"category":"B"}]}]', 'u'),
    ).toEqual([{ indicator: 'o', result: 'r', categories: ['A', 'B'] }]);
  });
});

describe('spot-check helpers', () => {
  it('compares per indicator; a missing answer is inconsistent', () => {
    const answer = (indicator: string, categories: string[]) => ({
      indicator,
      result: categories.length > 0 ? 'detected' : 'not detected',
      categories,
    });
    const result = compareLookups(
      ['a', 'b'],
      [
        { instance: 'x', answers: [answer('a', ['C2', 'C1']), answer('b', [])] },
        { instance: 'y', answers: [answer('a', ['C1', 'C2', 'C1'])] },
      ],
    );
    expect(result).toEqual([
      { indicator: 'a', consistent: true, groups: [{ result: 'detected', categories: ['C1', 'C2'], instances: ['x', 'y'] }], missing: [] },
      { indicator: 'b', consistent: false, groups: [{ result: 'not detected', categories: [], instances: ['x'] }], missing: ['y'] },
    ]);
  });

  it('aligns answers by object, else by position when every indicator was answered', () => {
    const answers = [
      { indicator: 'HTTP://X', result: 'r', categories: [] },
      { indicator: 'y', result: 'r', categories: [] },
    ];
    expect(alignAnswers(['y'], answers).map((entry) => entry.indicator)).toEqual(['y']);
    expect(alignAnswers(['http://x', 'y'], answers).map((entry) => entry.indicator)).toEqual(['http://x', 'y']);
    expect(alignAnswers(['z', 'q', 'y'], answers).map((entry) => entry.indicator)).toEqual(['y']);
  });

  it('normalises pasted fingerprints and refuses what is not SHA-256', () => {
    const hex = WEB_FINGERPRINT.replaceAll(':', '');
    expect(normaliseCertFingerprint(hex.toLowerCase())).toBe(WEB_FINGERPRINT);
    expect(normaliseCertFingerprint(`sha256 Fingerprint=${WEB_FINGERPRINT}`)).toBe(WEB_FINGERPRINT);
    expect(normaliseCertFingerprint(`SHA256:${hex}`)).toBe(WEB_FINGERPRINT);
    expect(normaliseCertFingerprint(hex.slice(2))).toBeUndefined();
    expect(normaliseCertFingerprint('SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU')).toBeUndefined();
  });

  it('parses indicator lists: comments, blanks, duplicates, and refuses control characters and empty lists', () => {
    expect(parseIndicatorList('\uFEFF# list\r\n192.0.2.100\r\n\r\n  http://a.example/x  \n192.0.2.100\n')).toEqual({
      ok: true,
      indicators: ['192.0.2.100', 'http://a.example/x'],
    });
    expect(parseIndicatorList('a\nb\u0007c\n')).toEqual({ ok: false, issues: [{ line: 2, message: 'contains a control character' }] });
    expect(parseIndicatorList('# nothing\n')).toEqual({ ok: false, issues: [{ line: 0, message: 'no indicator in the list' }] });
    expect(parseIndicatorList(Array.from({ length: 1001 }, (_, index) => `10.0.${index >> 8}.${index & 255}`).join('\n'))).toMatchObject({
      ok: false,
    });
  });
});
