// CyberTrace 4.1 on Windows, installed where the engine cannot guess (lab option windowsServiceDir) and
// with serviceDir absent from the project: the folder comes from the SCM's service binary path
// (REFERENCE 1.2), and kl_control.bat start/stop act while the SCM gives the state (REFERENCE 2.2),
// since the lab's kl_control.bat prints free text for `status`. Audit, plan, apply with restart and
// rollback on a refused start. Addresses: 127.0.185.x.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { DEFAULT_SERVICE_DIRS } from '../../../engine/cybertrace/discovery/install-candidates.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { LabOptionsSchema } from '../../../lab/orchestrator/lab-options.js';
import type { RunningLab } from '../../../lab/orchestrator/run-lab.js';
import { runLab } from '../../../lab/orchestrator/run-lab.js';
import { WINDOWS_SERVICE_DIR } from '../../../lab/spec.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { parseProjectText } from '../../../shared/project/parse.js';
import type { Project } from '../../../shared/project/schema.js';
import { withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

/** Not the lab's default, not a probed default: only the SCM can name it. */
const DIR = 'C:\\Apps\\CT Feed 41';
const FROM = '<RecordFieldContextFormat>%ParamName%=%ParamValue%</RecordFieldContextFormat>';
const TO = '<RecordFieldContextFormat>%ParamName%: %ParamValue%</RecordFieldContextFormat>';

describe('Windows 4.1 in a folder only the SCM names, serviceDir absent from the project', () => {
  let lab: RunningLab;
  let parent: string;
  let projectPath: string;
  let project: Project;
  let balancerConf: string;
  const deps = (): ReturnType<typeof runDeps>['deps'] => runDeps(lab.file.credentials.password).deps;
  const instance = (name: string) => {
    const found = lab.file.hosts.find((host) => host.instance.name === name)?.instance;
    if (!found) throw new Error(`no lab instance ${name}`);
    return found;
  };

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'ctha-scm-'));
    chmodSync(parent, 0o755);
    const dir = join(parent, 'lab');
    mkdirSync(dir, { mode: 0o755 });
    lab = await runLab(
      {
        dir,
        linux: 1,
        windows: 2,
        backend: 'emulated',
        version: '4.1',
        drift: 'none',
        faults: [{ instance: 'ct-win-2', kind: 'refuse-start' }],
        addressBase: '127.0.185.10',
        readyDelayMs: 200,
        windowsServiceDir: DIR,
      },
      {
        nodePath: process.execPath,
        simulatorPath: resolve('dist/lab/kl_feed_service.js'),
        systemctlPath: resolve('dist/lab/systemctl.js'),
      },
      process.pid,
    );
    const parsed = parseProjectText(readFileSync(lab.file.projectPath, 'utf8'));
    if (!parsed.ok) throw new Error('the lab wrote an invalid project');
    // The engineer does not know the Windows folder: the project names none.
    project = {
      ...parsed.project,
      instances: parsed.project.instances.map(({ serviceDir, ...rest }) =>
        rest.os === 'windows' ? rest : { ...rest, ...(serviceDir === undefined ? {} : { serviceDir }) },
      ),
    };
    projectPath = join(parent, 'scm.ctha.json');
    writeFileSync(projectPath, JSON.stringify(project, null, 2));
    balancerConf = join(dir, 'balancer', ...BALANCER_FILES.conf);
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
    rmSync(parent, { recursive: true, force: true });
  }, 60_000);

  it('the lab installed the Windows hosts where no default points, with kl_control.bat', () => {
    for (const name of ['ct-win-1', 'ct-win-2']) {
      const host = instance(name);
      expect(host.serviceDir).toBe(DIR);
      expect(host.serviceControl).toBe('kl_control');
      const layout = hostTreeLayout(host);
      expect(existsSync(hostPathToLocal(host, layout.serviceConf))).toBe(true);
      expect(existsSync(hostPathToLocal(host, layout.controlScript ?? ''))).toBe(true);
      // Nothing at the lab's default folder: a probe of it would find no CyberTrace.
      expect(existsSync(hostPathToLocal(host, hostTreeLayout({ ...host, serviceDir: WINDOWS_SERVICE_DIR }).serviceConf))).toBe(false);
    }
    expect(DEFAULT_SERVICE_DIRS.windows.map((dir) => dir.toLowerCase())).not.toContain(DIR.toLowerCase());
    expect(project.instances.filter((entry) => entry.os === 'windows').map((entry) => entry.serviceDir)).toEqual([undefined, undefined]);
  });

  it('audit: the folder is discovered from the SCM service binary, kl_control.bat is the control, the cluster is consistent', async () => {
    const audit = await runAuditOnce(withReq3Attested(project), deps(), { balancerConf });
    for (const name of ['ct-win-1', 'ct-win-2']) {
      const report = audit.report.instances.find((entry) => entry.instance === name);
      expect(report?.audited, JSON.stringify(report?.failure)).toBe(true);
      expect(report?.facts?.serviceDir).toEqual({
        value: DIR,
        source: 'probed',
        evidence: `found in the SCM: SCM service cybertrace (${DIR}\\bin\\kl_feed_service.exe): Running; ${DIR}\\bin\\kl_feed_service.conf exists`,
      });
      expect(report?.facts?.serviceControl.method).toBe('kl_control');
      expect(report?.facts?.serviceConf?.path).toBe(`${DIR}\\bin\\kl_feed_service.conf`);
    }
    expect(audit.report.findings.findings.filter((finding) => finding.status === 'drift')).toEqual([]);
    expect(audit.report.verdict).toBe('consistent');
  }, 120_000);

  it('plan and apply on the discovered folder: restart through kl_control.bat with the SCM state, rollback on a refused start', async () => {
    // The reference gets another RecordFieldContextFormat (requirement 7): both Windows instances drift.
    const ref = instance('ct-linux-1');
    const referenceConf = hostPathToLocal(ref, hostTreeLayout(ref).serviceConf);
    writeFileSync(referenceConf, readFileSync(referenceConf).toString('latin1').replace(FROM, TO), 'latin1');
    const refusing = hostPathToLocal(instance('ct-win-2'), hostTreeLayout(instance('ct-win-2')).serviceConf);
    const original = readFileSync(refusing);

    const planned = await runPlanOnce(projectPath, deps(), { requirements: ['req7'], balancerConf, out: join(parent, 'plan.json') });
    for (const name of ['ct-win-1', 'ct-win-2']) {
      const entry = planned.plan.instances.find((candidate) => candidate.name === name);
      expect(entry?.serviceDir).toBe(DIR);
      expect(entry?.changes.map((change) => change.path)).toEqual([`${DIR}\\bin\\kl_feed_service.conf`]);
    }

    const applied = await runApplyOnce(join(parent, 'plan.json'), deps(), { readyDeadlineMs: 20_000, rolling: false, balancerConf });
    const report = applied.report;
    if (!report) throw new Error('no report');
    const win1 = report.instances.find((entry) => entry.instance === 'ct-win-1');
    expect(win1?.outcome, win1?.message).toBe('applied');
    expect(win1?.restarted).toBe(true);
    const detail = (step: string): string | undefined => win1?.steps.find((entry) => entry.step === step)?.detail;
    expect(detail('service')).toBe('kl_control');
    // Stopped and started for real: the SCM's state before each action was not already the wanted one.
    expect(detail('stop')).toBe('kl_control: changed, inactive');
    expect(detail('start')).toBe('kl_control: changed, active');
    expect(detail('ready')).toMatch(/^PONG from /);
    expect(readFileSync(hostPathToLocal(instance('ct-win-1'), `${DIR}\\bin\\kl_feed_service.conf`)).toString('latin1')).toContain(TO);

    const win2 = report.instances.find((entry) => entry.instance === 'ct-win-2');
    expect(win2?.outcome, win2?.message).toBe('rolled-back');
    // The refused start is read from the SCM: the service whose binary is this folder's, stopped with 1067.
    expect(win2?.message).toContain(
      `kl_control.bat start: exit 2, service now SCM service cybertrace (${DIR}\\bin\\kl_feed_service.exe): Stopped, exit code 1067`,
    );
    expect(win2?.message).toMatch(
      /Rolled back: 1 written file\(s\) restored and confirmed original; the service was started again and answers PONG/,
    );
    expect(readFileSync(refusing).equals(original)).toBe(true);
  }, 180_000);
});

describe('lab option windowsServiceDir', () => {
  const base = {
    dir: '/tmp/x',
    linux: 0,
    windows: 1,
    backend: 'emulated',
    version: '4.1',
    drift: 'none',
    faults: [],
    addressBase: '127.0.186.10',
    readyDelayMs: 0,
  };
  it('takes an absolute Windows folder and refuses relative, trailing-backslash, dot-segment and UNC forms with the reason', () => {
    expect(LabOptionsSchema.parse({ ...base, windowsServiceDir: DIR }).windowsServiceDir).toBe(DIR);
    for (const bad of ['Apps\\CT', 'C:\\Apps\\CT\\', 'C:\\Apps\\..\\Windows', '\\\\server\\share\\CT', 'C:\\A|B']) {
      const parsed = LabOptionsSchema.safeParse({ ...base, windowsServiceDir: bad });
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message, bad).toMatch(/absolute Windows folder|\. or \.\. segments/);
    }
  });
});
