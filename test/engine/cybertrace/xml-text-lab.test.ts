// Issue 11 item 8 on an emulated lab: for each branch of the text/case rule (shared/requirements/values/xml-text.ts),
// the engine's audit of an edited instance and the simulator running that same file agree: the audit calls it
// equal to the documented value exactly when the live probe of the simulator passes.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeInstance } from '../../../engine/probe/probe-instance.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { startFeedService } from '../../../lab/simulator/index.js';
import type { LabInstance } from '../../../lab/spec.js';
import { FINISHED_EVENT_FORMAT, REQ_RULE } from '../../../lab/trees/reference-state.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startAuditLab, withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

// Addresses: 127.0.206.10-19 for the lab, 127.0.206.50-59 for simulators started here (this file only).
let lab: AuditLab;
let second: LabInstance;
let confPath: string;
let original: Buffer;

beforeAll(async () => {
  lab = await startAuditLab({ linux: 2, windows: 0, backend: 'emulated', version: '5.1', drift: 'none', addressBase: '127.0.206.10' });
  second = lab.lab.file.hosts.map((host) => host.instance)[1] as LabInstance;
  confPath = hostPathToLocal(second, hostTreeLayout(second).serviceConf);
  original = readFileSync(confPath);
}, 120_000);
afterAll(async () => {
  writeFileSync(confPath, original);
  await lab.stop();
}, 60_000);

const BRANCHES: readonly { name: string; requirement: RequirementId; from: string; to: string; equal: boolean; address: string }[] = [
  {
    name: 'enabled="True" against true',
    requirement: 'req8',
    from: 'enabled="true">%REQ% LookupFinished',
    to: 'enabled="True">%REQ% LookupFinished',
    equal: false,
    address: '127.0.206.50',
  },
  {
    name: 'enabled=" true " against true',
    requirement: 'req8',
    from: 'enabled="true">%REQ% LookupFinished',
    to: 'enabled=" true ">%REQ% LookupFinished',
    equal: false,
    address: '127.0.206.51',
  },
  {
    name: 'the value in CDATA',
    requirement: 'req8',
    from: '>%REQ% LookupFinished<',
    to: '><![CDATA[%REQ% LookupFinished]]><',
    equal: true,
    address: '127.0.206.52',
  },
  {
    name: 'the regex with a leading space',
    requirement: 'req6',
    from: String.raw`>^(\d+)\s<`,
    to: String.raw`> ^(\d+)\s<`,
    equal: false,
    address: '127.0.206.53',
  },
];

describe('engine and simulator agree on the text/case rule (emulated 5.1 lab)', () => {
  it('the lab file holds each edited fragment once', () => {
    const text = original.toString('utf8');
    expect(text).toContain(FINISHED_EVENT_FORMAT);
    expect(text).toContain(REQ_RULE);
    for (const branch of BRANCHES) expect(text.split(branch.from).length, branch.name).toBe(2);
  });

  it.each(BRANCHES)(
    '$name',
    async (branch) => {
      writeFileSync(confPath, original.toString('utf8').replace(branch.from, branch.to));
      try {
        const { report } = await runAuditOnce(withReq3Attested(lab.project), runDeps(lab.password).deps, {
          balancerConf: lab.balancerConf,
          reviewWindowMs: 1_000,
          timeouts: { readyMs: 5_000 },
        });
        const finding = report.findings.findings.find(
          (entry) => entry.requirement === branch.requirement && entry.instance === second.name,
        );
        expect(finding?.status, finding?.detail).toBe(branch.equal ? 'match' : 'drift');
        const service = await startFeedService({ configPath: confPath, bindAddress: branch.address, readyDelayMs: 0 });
        try {
          await service.ready;
          const probe = await probeInstance({ host: service.address, port: service.port, deadlineMs: 5_000 });
          expect(probe.ok, probe.failure?.message).toBe(branch.equal);
        } finally {
          await service.stop();
        }
      } finally {
        writeFileSync(confPath, original);
      }
    },
    90_000,
  );
});
