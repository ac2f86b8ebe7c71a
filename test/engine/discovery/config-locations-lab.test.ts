// Configuration locations on real labs (issue 11 item 3): kl_feed_util.conf moved to another folder inside
// the service folder, with the service config's FeedUtil/ConfigurationPath pointing at it (REFERENCE 1.4.2,
// 4.3), is found there, its drift (requirement 2: the Kaspersky feeds switched on, kept in that file) is
// planned, applied and re-audited at the moved path; a pointer outside the service folder is unknown with
// the reason and never read; the project's configPaths override wins and is shown as from the project.
// The host files are edited after the lab starts. Addresses: 127.0.201.x (emulated), 127.0.202.x (OpenSSH).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyExitCode } from '../../../cli/commands/apply.js';
import { discoveryFactLines } from '../../../cli/commands/audit-facts.js';
import { discoverInstance } from '../../../engine/cybertrace/discovery/discover-instance.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import type { RunMember } from '../../../engine/steps/run/run-types.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import { parseProjectText } from '../../../shared/project/parse.js';
import type { Project } from '../../../shared/project/schema.js';
import { runDeps } from '../audit/run-deps.js';
import type { TestLab } from '../../support/lab.js';
import { memberOf, openLabRun } from '../apply/lab-fixture.js';
import { startLab } from '../../support/lab.js';

const labs = [
  { backend: 'emulated', addressBase: '127.0.201.10', windows: 1, skip: undefined },
  { backend: 'openssh', addressBase: '127.0.202.10', windows: 0, skip: opensshUnavailableReason() },
] as const;

/** Where each OS's moved kl_feed_util.conf goes (inside the service folder), and the pointer to it as written from bin. */
const MOVED = {
  linux: { parts: ['conf', 'feedutil', 'kl_feed_util.conf'], pointer: '../conf/feedutil/kl_feed_util.conf' },
  windows: { parts: ['conf', 'kl_feed_util.conf'], pointer: '..\\conf\\kl_feed_util.conf' },
} as const;
/** Outside every service folder: never to be read. */
const OUTSIDE = { linux: '/srv/outside/kl_feed_util.conf', windows: 'C:\\ProgramData\\kl_feed_util.conf' } as const;

/** Every command (Windows: the decoded PowerShell script) and SFTP path of one instance in a transcript. */
function commandsOf(entries: readonly { instance: string; command?: unknown; path?: unknown }[], instance: string): string[] {
  return entries
    .filter((entry) => entry.instance === instance)
    .map((entry) => {
      const command = typeof entry.command === 'string' ? entry.command : '';
      const encoded = / -EncodedCommand (\S+)/.exec(command)?.[1];
      return `${encoded === undefined ? command : Buffer.from(encoded, 'base64').toString('utf16le')} ${typeof entry.path === 'string' ? entry.path : ''}`;
    });
}

for (const { backend, addressBase, windows, skip } of labs) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`configuration locations on the ${backend} backend, CyberTrace 4.4`, () => {
    let lab: TestLab;
    let balancerConf: string;
    const moved = backend === 'emulated' ? ['ct-linux-2', 'ct-win-1'] : ['ct-linux-2'];
    const deps = (): ReturnType<typeof runDeps>['deps'] => runDeps(lab.file.credentials.password).deps;
    const layoutOf = (name: string) => hostTreeLayout(lab.instance(name));
    const movedPath = (name: string): string => {
      const instance = lab.instance(name);
      const sep = instance.os === 'linux' ? '/' : '\\';
      return [instance.serviceDir, ...MOVED[instance.os].parts].join(sep);
    };
    const setPointer = (name: string, pointer: string): void => {
      const local = lab.local(name, layoutOf(name).serviceConf);
      const text = readFileSync(local, 'latin1');
      const next = text.replace(/<ConfigurationPath>[^<]*<\/ConfigurationPath>/, `<ConfigurationPath>${pointer}</ConfigurationPath>`);
      expect(next).not.toBe(text);
      writeFileSync(local, next, 'latin1');
    };

    beforeAll(() => {
      lab = startLab(addressBase, [
        '--linux',
        '2',
        '--windows',
        String(windows),
        '--backend',
        backend,
        '--version',
        '4.4',
        '--drift',
        'none',
      ]);
      balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
      for (const name of moved) {
        const from = lab.local(name, layoutOf(name).feedUtilConf);
        const to = lab.local(name, movedPath(name));
        mkdirSync(dirname(to), { recursive: true });
        // Requirement 2 drifts in the moved file only: one Kaspersky feed switched off.
        const text = readFileSync(from, 'latin1');
        const drifted = text.replace('enabled="true"', 'enabled="false"');
        expect(drifted).not.toBe(text);
        writeFileSync(from, drifted, 'latin1');
        renameSync(from, to);
        setPointer(name, MOVED[lab.instance(name).os].pointer);
      }
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    it(
      title('finds the moved kl_feed_util.conf through the pointer, plans and applies requirement 2 there, and the re-audit is clean'),
      async () => {
        const before = await runAuditOnce(projectOf(lab), deps(), { balancerConf });
        for (const name of moved) {
          const facts = before.report.instances.find((instance) => instance.instance === name)?.facts;
          expect(facts?.feedUtilConf).toMatchObject({ path: movedPath(name), present: true });
          expect(facts?.configLocations?.feedUtilConf.source, name).toBe('pointer');
          expect(facts?.configLocations?.feedUtilConf.evidence).toContain(JSON.stringify(MOVED[lab.instance(name).os].pointer));
          expect(statusOf(before.report, 'req2', name), name).toBe('drift');
        }
        // The version comes from running each host's own bin/kl_feed_service -v over SSH (REFERENCE 2.1): the
        // emulated hosts answer with the lab's version; on OpenSSH the real launcher runs the simulator, which
        // prints a number only when the lab's tree passes its version on (lab/trees/host-tree.ts), else none.
        const linuxVersion = before.report.instances.find((instance) => instance.instance === 'ct-linux-1')?.facts?.version;
        if (backend === 'emulated' || linuxVersion?.value !== undefined) expect(linuxVersion?.value).toBe('4.4');
        else expect(linuxVersion?.evidence).toBe('unknown: /opt/kaspersky/ktfs/bin/kl_feed_service -v printed no dotted version number');
        // The untouched instance still reads the help's folder, through its own pointer.
        expect(before.report.instances.find((instance) => instance.instance === 'ct-linux-1')?.facts?.feedUtilConf?.path).toBe(
          layoutOf('ct-linux-1').feedUtilConf,
        );
        // The CLI's discovery lines name the moved file and where its location came from.
        const text = discoveryFactLines(before.report).join('\n');
        expect(text).toContain(`kl_feed_util.conf: ${movedPath('ct-linux-2')} (from the service config's FeedUtil/ConfigurationPath;`);

        const planPath = join(lab.dir, 'moved.plan.json');
        const { plan } = await runPlanOnce(lab.file.projectPath, deps(), { out: planPath, balancerConf });
        for (const name of moved) {
          const changes = plan.instances.find((planned) => planned.name === name)?.changes ?? [];
          expect(
            changes.map((change) => [change.path, change.requirements]),
            name,
          ).toEqual([[movedPath(name), ['req2']]]);
        }
        const { report } = await runApplyOnce(planPath, deps(), { readyDeadlineMs: 30_000, balancerConf });
        if (!report) throw new Error('no apply report');
        expect(applyExitCode(report)).toBe(0);
        for (const name of moved) {
          const result = report.instances.find((entry) => entry.instance === name);
          expect(result?.outcome, `${name}: ${result?.message ?? ''}`).toBe('applied');
          const change = plan.instances.find((planned) => planned.name === name)?.changes[0];
          expect(sha256Hex(readFileSync(lab.local(name, movedPath(name))))).toBe(change?.afterSha256);
          // Nothing was written at the help's folder.
          expect(existsSync(lab.local(name, layoutOf(name).feedUtilConf)), name).toBe(false);
        }
        const after = await runAuditOnce(projectOf(lab), deps(), { balancerConf });
        expect(
          after.report.findings.findings
            .filter((finding) => finding.requirement === 'req2')
            .map((finding) => [finding.instance, finding.status]),
        ).toEqual(after.report.instances.map((instance) => [instance.instance, 'match']));
      },
      300_000,
    );

    it(
      title('a pointer outside the service folder: unknown with the reason, the file never read, requirement 2 unknown'),
      async () => {
        const name = 'ct-linux-2';
        const outside = OUTSIDE.linux;
        const local = lab.local(name, outside);
        if (backend === 'emulated') {
          mkdirSync(dirname(local), { recursive: true });
          writeFileSync(local, readFileSync(lab.local(name, movedPath(name))));
        }
        setPointer(name, outside);
        try {
          const { report } = await runAuditOnce(projectOf(lab), deps(), { balancerConf });
          const facts = report.instances.find((instance) => instance.instance === name)?.facts;
          expect(facts?.feedUtilConf).toMatchObject({ path: outside, present: false });
          expect(facts?.feedUtilConf?.reason).toMatch(
            /^not read \(path policy\): \/srv\/outside\/kl_feed_util\.conf is outside the service folder \/opt\/kaspersky\/ktfs/,
          );
          expect(facts?.configLocations?.feedUtilConf.source).toBe('pointer');
          expect(facts?.configLocations?.feedUtilConf.evidence).toMatch(/outside the service folder/);
          expect(statusOf(report, 'req2', name)).toBe('unknown');
          expect(commandsOf(report.transcript, name).filter((line) => line.includes(outside))).toEqual([]);
        } finally {
          setPointer(name, MOVED.linux.pointer);
        }
      },
      120_000,
    );

    it(
      title("the project's configPaths wins over the pointer and is shown as from the project; outside the service folder it is refused"),
      async () => {
        const run = await openLabRun(lab);
        try {
          for (const name of moved) {
            const member = memberOf(run, name);
            // The pointer sends discovery to the help's folder, where nothing is: the override names the real place.
            setPointer(name, lab.instance(name).os === 'linux' ? '../etc/kl_feed_util.conf' : 'kl_feed_util.conf');
            const viaPointer = await discoverInstance(member);
            expect(viaPointer.files?.feedUtilConf).toMatchObject({ path: layoutOf(name).feedUtilConf, present: false });
            const overridden = await discoverInstance(withConfigPaths(member, { feedUtilConf: movedPath(name) }));
            expect(overridden.files?.feedUtilConf).toMatchObject({ path: movedPath(name), present: true });
            expect(overridden.facts.configLocations?.feedUtilConf).toEqual({
              source: 'project',
              evidence: `configPaths.feedUtilConf in the project: ${movedPath(name)}`,
            });
            // What plan and apply write to is the path discovery read.
            expect(overridden.install?.feedUtilConf).toBe(movedPath(name));
            const os = lab.instance(name).os;
            const before = run.transcript.entries().length;
            const refused = await discoverInstance(withConfigPaths(member, { feedUtilConf: OUTSIDE[os] }));
            expect(refused.files?.feedUtilConf).toMatchObject({ path: OUTSIDE[os], present: false, refused: true });
            expect(refused.facts.configLocations?.feedUtilConf.source).toBe('project');
            expect(refused.facts.configLocations?.feedUtilConf.evidence).toMatch(/outside the service folder/);
            expect(
              commandsOf(run.transcript.entries().slice(before), name).filter((line) =>
                line.toLowerCase().includes(OUTSIDE[os].toLowerCase()),
              ),
            ).toEqual([]);
            setPointer(name, MOVED[os].pointer);
          }
        } finally {
          await run.close();
        }
      },
      120_000,
    );
  });
}

function withConfigPaths(member: RunMember, configPaths: NonNullable<RunMember['instance']['configPaths']>): RunMember {
  return { ...member, instance: { ...member.instance, configPaths } };
}

function projectOf(lab: TestLab): Project {
  const parsed = parseProjectText(readFileSync(lab.file.projectPath, 'utf8'));
  if (!parsed.ok) throw new Error(`the lab project does not parse: ${JSON.stringify(parsed)}`);
  return parsed.project;
}

function statusOf(report: AuditReport, requirement: string, instance: string): string | undefined {
  return report.findings.findings.find((finding) => finding.requirement === requirement && finding.instance === instance)?.status;
}
