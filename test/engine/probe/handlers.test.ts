import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProbeHandlers } from '../../../engine/api/handlers/probe.js';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import { WEB_CERT } from '../../../lab/trees/lab-pki.js';
import { ApiError } from '../../../shared/contract/errors.js';
import { probeOperations } from '../../../shared/contract/ops/probe.js';
import { startTreeService, type TreeService } from '../../lab/simulator/tree-service.js';

// Addresses 127.0.104.1-20 belong to this file.
const INPUT_PORT = 29_998;
const REST_PORT = 29_444;
const PASSWORD = 'handler pw';
const WEB_FINGERPRINT = new X509Certificate(WEB_CERT.slice(WEB_CERT.indexOf('-----BEGIN'))).fingerprint256;

let dir: string;
let project: string;
const services: TreeService[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-probe-handlers-'));
  project = join(dir, 'lab.ctha.json');
  const instances = ['127.0.104.1', '127.0.104.2'].map((host, index) => ({
    name: `ct-${index + 1}`,
    host,
    os: 'linux',
    user: 'u',
    auth: { method: 'agent' },
    privilege: 'root',
  }));
  await writeFile(project, JSON.stringify({ schemaVersion: 1, name: 'handlers', instances, referenceInstance: 'ct-1' }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

async function startCluster(): Promise<void> {
  for (const [index, address] of ['127.0.104.1', '127.0.104.2'].entries()) {
    const service = await startTreeService({
      name: `ct-${index + 1}`,
      version: index === 0 ? '4.4' : '5.1',
      address,
      inputPort: INPUT_PORT,
      rest: true,
      restPort: REST_PORT,
      restData: { users: [{ name: 'admin', password: PASSWORD }] },
    });
    services.push(service);
    await service.service.ready;
  }
}

const neverAsked = {
  reviewCertificates: () => Promise.reject(new Error('not expected')),
  askRestPassword: () => Promise.reject(new Error('not expected')),
};

describe('probe.run and indicators.spotCheck handlers', () => {
  it('probe.run: contract defaults, project endpoints, and discovery endpoints that override them', async () => {
    await startCluster();
    const handlers = createProbeHandlers(neverAsked);
    const input = probeOperations['probe.run'].input.parse({ path: project, port: INPUT_PORT, indicator: DEMO_INDICATORS.url });
    expect(input.deadlineMs).toBe(5000);
    const result = await handlers['probe.run'](input);
    expect(probeOperations['probe.run'].output.safeParse(result).success).toBe(true);
    expect(result).toMatchObject({ cluster: 'handlers', ok: true, passed: 2 });
    const moved = await handlers['probe.run'](
      probeOperations['probe.run'].input.parse({ path: project, endpoints: [{ instance: 'ct-2', host: '127.0.104.2', port: INPUT_PORT }] }),
    );
    expect(moved.results.map((entry) => [entry.instance, entry.port, entry.ok])).toEqual([['ct-2', INPUT_PORT, true]]);
    await expect(
      handlers['probe.run'](
        probeOperations['probe.run'].input.parse({ path: project, endpoints: [{ instance: 'ct-9', host: '127.0.104.9', port: 1 }] }),
      ),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'endpoints.0.instance', message: 'no instance "ct-9" in the project' }],
    });
  });

  it('indicators.spotCheck: pins from the input, the password through the dependency, output valid against the contract', async () => {
    await startCluster();
    const asked: string[] = [];
    const handlers = createProbeHandlers({
      reviewCertificates: () => Promise.reject(new Error('every certificate is pinned')),
      askRestPassword: async ({ user }) => {
        asked.push(user);
        return PASSWORD;
      },
    });
    const input = probeOperations['indicators.spotCheck'].input.parse({
      path: project,
      port: REST_PORT,
      indicators: [DEMO_INDICATORS.sha1, DEMO_INDICATORS.sha1, '203.0.113.5'],
      pins: [
        { instance: 'ct-1', fingerprint: WEB_FINGERPRINT },
        { instance: 'ct-2', fingerprint: WEB_FINGERPRINT.replaceAll(':', '').toLowerCase() },
      ],
    });
    expect(input).toMatchObject({ user: 'admin', apiVersion: '1.2', timeoutMs: 15_000 });
    const result = await handlers['indicators.spotCheck'](input);
    expect(probeOperations['indicators.spotCheck'].output.safeParse(result).success).toBe(true);
    expect(result.outcome).toBe('consistent');
    expect(result.indicators.map((entry) => entry.indicator)).toEqual([DEMO_INDICATORS.sha1, '203.0.113.5']);
    expect(asked).toEqual(['admin']);
  });

  it('a cancelled password prompt cancels the spot-check', async () => {
    await startCluster();
    const handlers = createProbeHandlers({
      reviewCertificates: async (candidates) => candidates.map((candidate) => candidate.fingerprint),
      askRestPassword: () => Promise.reject(new ApiError({ code: 'cancelled', message: 'the password prompt was cancelled' })),
    });
    const input = probeOperations['indicators.spotCheck'].input.parse({ path: project, port: REST_PORT, indicators: ['x'] });
    await expect(handlers['indicators.spotCheck'](input)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('the contract refuses bad input: fingerprints, empty lists, control characters, ports', () => {
    const spot = probeOperations['indicators.spotCheck'].input;
    expect(spot.safeParse({ path: project, indicators: [] }).success).toBe(false);
    expect(spot.safeParse({ path: project, indicators: ['a\nb'] }).success).toBe(false);
    expect(spot.safeParse({ path: project, indicators: ['a'], pins: [{ instance: 'ct-1', fingerprint: 'SHA256:abc' }] }).success).toBe(
      false,
    );
    expect(spot.safeParse({ path: project, indicators: ['a'], apiVersion: '2.0' }).success).toBe(false);
    expect(probeOperations['probe.run'].input.safeParse({ path: project, port: 0 }).success).toBe(false);
    expect(probeOperations['probe.run'].input.safeParse({ path: project, deadlineMs: 50 }).success).toBe(false);
  });
});
