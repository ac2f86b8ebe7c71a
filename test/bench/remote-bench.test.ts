// The remote benchmark's measurement on one emulated instance: a well-formed result whose files are the
// lab's own bytes. No timing is asserted here: figures come from `npm run bench:remote` (docs/BENCHMARKS.md).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchLab } from '../../lab/bench/bench-lab.js';
import { cthaPath, startBenchLab, stopBenchLab } from '../../lab/bench/bench-lab.js';
import type { EngineMeasurement } from '../../lab/bench/remote-bench.js';
import { measureEngine } from '../../lab/bench/remote-bench.js';
import { hostPathToLocal } from '../../lab/host-paths.js';

describe('bench:remote measurement (N = 1, emulated)', () => {
  let lab: BenchLab | undefined;
  let result: EngineMeasurement;

  beforeAll(async () => {
    if (!existsSync(cthaPath())) throw new Error(`${cthaPath()} is missing: run npm run build:node first`);
    lab = await startBenchLab({ linux: 1, backend: 'emulated', addressBase: '127.0.116.10' });
    result = await measureEngine(lab.file, { runMs: 60_000 });
  }, 150_000);

  afterAll(() => {
    if (!lab) return;
    const problem = stopBenchLab(lab);
    if (problem) throw new Error(problem);
  }, 70_000);

  it('measures one instance with positive figures', () => {
    expect(result.wallMs).toBeGreaterThan(0);
    expect(result.instances).toHaveLength(1);
    const [instance] = result.instances;
    expect(instance?.instance).toBe('ct-linux-1');
    expect(instance?.connectMs).toBeGreaterThan(0);
    expect(instance?.workMs).toBeGreaterThan(0);
    // The audit's discovery, as ctha audit runs it: OS and privilege detection, a gather of the configs
    // and licence keys, then the CertFile's gather, the service-control probe and `kl_feed_service -v`.
    expect(instance?.operationsByKind).toEqual({ exec: 5 });
    expect(instance?.operations).toBe(5);
    expect(instance?.sftpRequests).toBe(0);
    expect(instance?.channelsOpened).toBe(5);
  });

  it('reads every file the audit needs, byte for byte as in the lab tree', () => {
    const host = lab?.file.hosts[0];
    const files = result.instances[0]?.files ?? [];
    expect(host).toBeDefined();
    if (!host) return;
    const dir = host.instance.serviceDir;
    expect(files.map((file) => file.path)).toEqual([
      `${dir}/etc/kl_feed_service.conf`,
      `${dir}/etc/kl_feed_util.conf`,
      `${dir}/etc/kl_feeds_cert.pem`,
      `${dir}/httpsrv/lic/LAB00001.key`,
    ]);
    for (const file of files) {
      const local = hostPathToLocal(host.instance, file.path);
      expect(file.bytes, file.path).toBeGreaterThan(0);
      expect(file.bytes, file.path).toBe(statSync(local).size);
      expect(file.matchesLocal, file.path).toBe(true);
    }
    expect(readFileSync(hostPathToLocal(host.instance, files[0]?.path ?? '/'), 'utf8')).toContain('<?xml');
  });
});
