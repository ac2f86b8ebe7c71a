// Issue 11 item 4, last sentence, on an emulated lab: when an instance's REQ rule sits in a named Source
// bound to an ip that is not this machine's, the audit passes it (bound to Balancer's address) and the probe,
// whose events come from this machine, says it is not testable from here instead of blaming %REQ%.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../../engine/probe/probe-cluster.js';
import { probeInstance } from '../../../engine/probe/probe-instance.js';
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { startFeedService, type RunningFeedService } from '../../../lab/simulator/index.js';
import type { LabInstance } from '../../../lab/spec.js';
import { REQ_RULE } from '../../../lab/trees/reference-state.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { createProbeHandlers } from '../../../engine/api/handlers/probe.js';
import { probeOperations } from '../../../shared/contract/ops/probe.js';
import { reqRulesOf } from '../../../shared/probe/req-rules-of.js';
import type { ReqRuleValue } from '../../../shared/requirements/values/req-rule.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startAuditLab, withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

// Addresses: 127.0.205.10-19 for the lab, 127.0.205.50-59 for simulators started here (this file only).
let lab: AuditLab;
let second: LabInstance;
let confPath: string;
let original: Buffer;

beforeAll(async () => {
  lab = await startAuditLab({ linux: 2, windows: 0, backend: 'emulated', version: '4.4', drift: 'none', addressBase: '127.0.205.10' });
  second = lab.lab.file.hosts.map((host) => host.instance)[1] as LabInstance;
  confPath = hostPathToLocal(second, hostTreeLayout(second).serviceConf);
  original = readFileSync(confPath);
}, 120_000);
afterAll(async () => {
  writeFileSync(confPath, original);
  await lab.stop();
}, 60_000);

/** The second instance's conf with the REQ rule moved out of default into a Source bound to `ip`. */
function boundTo(ip: string): string {
  const text = original.toString('utf8');
  expect(text.split(REQ_RULE).length, 'the REQ rule once in the lab file').toBe(2);
  return text
    .replace(REQ_RULE, '')
    .replace('<Source id="default">', `<Source id="bound" ip="${ip}">${REQ_RULE}</Source><Source id="default">`);
}

/** The second instance's audited requirement 6: its status and observed rules. */
async function auditReq6(): Promise<{ status: string; detail: string; rules: ReqRuleValue; report: AuditReport }> {
  const { report } = await runAuditOnce(withReq3Attested(lab.project), runDeps(lab.password).deps, {
    balancerConf: lab.balancerConf,
    reviewWindowMs: 1_000,
    timeouts: { readyMs: 5_000 },
  });
  const finding = report.findings.findings.find((entry) => entry.requirement === 'req6' && entry.instance === second.name);
  if (!finding?.observed) throw new Error('no req6 observation of the second instance');
  return { status: finding.status, detail: finding.detail, rules: finding.observed as unknown as ReqRuleValue, report };
}

/** A simulator on the edited file, bound to `address` (the lab's own service keeps the file it started with). */
async function simulatorOn(address: string): Promise<RunningFeedService> {
  const service = await startFeedService({ configPath: confPath, bindAddress: address, readyDelayMs: 0 });
  await service.ready;
  return service;
}

/** The address this machine's events come from when sent to `host:port`. */
async function sourceAddressTo(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      resolve(socket.localAddress ?? '');
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('probe of a REQ rule bound to an address (emulated 4.4 lab)', () => {
  it("bound to Balancer's address: the audit matches, the probe says it is not testable from this machine", async () => {
    const balancer = lab.lab.file.balancer.address;
    writeFileSync(confPath, boundTo(balancer));
    const audited = await auditReq6();
    expect(audited.status, audited.detail).toBe('match');
    expect(audited.rules.rules).toEqual([expect.objectContaining({ source: 'bound', sourceIp: balancer })]);

    const service = await simulatorOn('127.0.205.50');
    try {
      const options = { host: service.address, port: service.port, deadlineMs: 5_000 };
      const hinted = await probeInstance({ ...options, reqRules: audited.rules });
      expect(hinted.ok).toBe(false);
      expect(hinted.failure?.message).toMatch(
        new RegExp(`^not testable from this machine: the rule applies to events from ${balancer.replace(/\./g, '\\.')} `),
      );
      expect(hinted.failure?.message).not.toContain('must begin with %REQ%');
      // Without the audit's rules the probe cannot know, and gives today's %REQ% hint for the same reply.
      const plain = await probeInstance(options);
      expect(plain.failure?.message).toMatch(/%REQ%/);
      expect(plain.failure?.message).not.toContain('not testable');
      // The cluster probe of ctha report / report.run gets the rules from the audit report itself.
      const viaCluster = await probeCluster({
        cluster: 'lab',
        deadlineMs: 5_000,
        endpoints: [{ instance: second.name, host: service.address, port: service.port, ...reqRulesOf(audited.report, second.name) }],
      });
      expect(viaCluster.results[0]?.failure?.message).toMatch(/^not testable from this machine: the rule applies to events from /);
      // The wizard's probe.run carries the same rules on its endpoints, validated by the contract.
      const input = probeOperations['probe.run'].input.parse({
        path: lab.lab.file.projectPath,
        deadlineMs: 5_000,
        endpoints: [{ instance: second.name, host: service.address, port: service.port, ...reqRulesOf(audited.report, second.name) }],
      });
      const handlers = createProbeHandlers({
        reviewCertificates: () => Promise.reject(new Error('unused')),
        askRestPassword: () => Promise.reject(new Error('unused')),
      });
      const viaContract = await handlers['probe.run'](input);
      expect(viaContract.results[0]?.failure?.message).toMatch(/^not testable from this machine: the rule applies to events from /);
    } finally {
      await service.stop();
    }
  }, 90_000);

  it("bound to this machine's own address: testable, and the probe passes", async () => {
    const service = await simulatorOn('127.0.205.51');
    let here: string;
    try {
      here = await sourceAddressTo(service.address, service.port);
    } finally {
      await service.stop();
    }
    writeFileSync(confPath, boundTo(here));
    const audited = await auditReq6();
    // Not Balancer's address: the audit reports it; the probe from here can still test the rule.
    expect(audited.status).toBe('drift');
    const local = await simulatorOn('127.0.205.52');
    try {
      const result = await probeInstance({ host: local.address, port: local.port, deadlineMs: 5_000, reqRules: audited.rules });
      expect(result.failure).toBeUndefined();
      expect(result.ok).toBe(true);
    } finally {
      await local.stop();
    }
  }, 90_000);
});
