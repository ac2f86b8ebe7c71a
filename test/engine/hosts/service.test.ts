import { afterAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import { LinuxDialect } from '../../../engine/hosts/linux/linux-dialect.js';
import { parseScStatus } from '../../../engine/hosts/windows/sc-query.js';
import { WindowsDialect } from '../../../engine/hosts/windows/windows-dialect.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import type { LabOs, LabVersion } from '../../../lab/spec.js';
import { openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

// Service-control detection and start/stop/status per OS and version (REFERENCE.md 2), 127.0.62.3x.
const hosts: TestHost[] = [];
const sessions: SshSession[] = [];
let next = 30;

async function dialectFor(os: LabOs, version: LabVersion) {
  const test = await startHost({ os, version, address: `127.0.62.${next++}` });
  hosts.push(test);
  const { session, transcript } = await openTo(test);
  sessions.push(session);
  return { test, transcript, dialect: await openDialect(session, { expectedOs: os }) };
}

afterAll(async () => {
  for (const session of sessions) await session.close();
  for (const test of hosts) await test.stop();
});

describe('service-control detection', () => {
  it.each([
    { os: 'linux' as const, version: '5.1' as const, method: 'systemctl' },
    { os: 'windows' as const, version: '5.1' as const, method: 'sc' },
    { os: 'windows' as const, version: '4.4' as const, method: 'sc' },
    { os: 'windows' as const, version: '4.1' as const, method: 'kl_control' },
  ])('$os $version: $method', async ({ os, version, method }) => {
    const { test, dialect } = await dialectFor(os, version);
    const detection = await dialect.detectService({ serviceDir: test.instance.serviceDir });
    expect(detection.method).toBe(method);
    if (os === 'windows') {
      const bat = `${test.instance.serviceDir}\\bin\\kl_control.bat`;
      // The service is found by its binary in the SCM, never by a guessed name.
      expect(detection.evidence).toEqual([
        `${bat}: ${version === '4.1' ? 'exists' : 'absent'}`,
        `SCM service cybertrace (${test.instance.serviceDir}\\bin\\kl_feed_service.exe): Running`,
      ]);
    } else {
      expect(detection.evidence).toEqual(['systemctl status cybertrace.service: exit 0 (the unit exists)']);
    }
  });

  it('without a service directory a 4.1 host cannot be checked for kl_control.bat, and says so', async () => {
    const { dialect } = await dialectFor('windows', '4.1');
    const detection = await dialect.detectService({});
    expect(detection.evidence[0]).toBe('kl_control.bat: not checked (no service directory known)');
    expect(detection.method).toBe('sc');
  });

  it('sc.exe status blocks: pending, failed and never-started states', () => {
    const block = (state: string, exit: number): string =>
      `SERVICE_NAME: cybertrace \r\n        STATE              : 1  ${state} \r\n        WIN32_EXIT_CODE    : ${exit}  (0x0)\r\n`;
    expect(parseScStatus(block('RUNNING', 0)).state).toBe('active');
    expect(parseScStatus(block('START_PENDING', 0)).state).toBe('activating');
    expect(parseScStatus(block('STOP_PENDING', 0)).state).toBe('deactivating');
    expect(parseScStatus(block('STOPPED', 0)).state).toBe('inactive');
    expect(parseScStatus(block('STOPPED', 1077)).state).toBe('inactive');
    expect(parseScStatus(block('STOPPED', 1067)).state).toBe('failed');
    expect(parseScStatus('[SC] OpenService FAILED 1060:').state).toBe('unknown');
  });
});

describe.each([
  { os: 'linux' as const, version: '5.1' as const },
  { os: 'windows' as const, version: '5.1' as const },
  { os: 'windows' as const, version: '4.1' as const },
])('stop, start, status on $os $version', ({ os, version }) => {
  it('stops and starts through the detected method; repeating either is an idempotent success', async () => {
    const { test, dialect, transcript } = await dialectFor(os, version);
    const service = await dialect.serviceController({ serviceDir: test.instance.serviceDir });
    const first = await service.status();
    expect(first.state).toBe('active');
    // 4.1: kl_control.bat status prints free text; the state is the SCM's, for the service running this tree's binary.
    if (version === '4.1')
      expect(first.raw).toBe(`SCM service cybertrace (${test.instance.serviceDir}\\bin\\kl_feed_service.exe): Running`);
    expect(await service.stop()).toMatchObject({ action: 'stop', outcome: 'changed', state: 'inactive' });
    expect(test.service.state).toBe('inactive');
    expect(await service.stop()).toMatchObject({ action: 'stop', outcome: 'already', state: 'inactive' });
    expect(await service.start()).toMatchObject({ action: 'start', outcome: 'changed', state: 'active' });
    expect(await service.start()).toMatchObject({ outcome: 'already', state: 'active' });
    expect(test.service.calls).toEqual(['stop', 'start']);
    const sent = transcript.entries().map((entry) => entry.command ?? '');
    // On Windows, the calls go through PowerShell as sc.exe or the .bat: never a bare `sc` (Set-Content there).
    if (os === 'linux') expect(sent).toContain("timeout '--kill-after=5' 29 sudo -S -p '' -- systemctl stop cybertrace.service");
    else
      expect(
        sent.every(
          (command) =>
            command === '' ||
            command.startsWith('uname -s') ||
            command.startsWith('powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand '),
        ),
      ).toBe(true);
  });

  it('a service that refuses to start is a service-failed error naming the state', async () => {
    const { test, dialect } = await dialectFor(os, version);
    const service = await dialect.serviceController({ serviceDir: test.instance.serviceDir });
    await service.stop();
    test.service.refuseStart = true;
    const failure = service.start();
    await expect(failure).rejects.toMatchObject({ name: 'HostError', code: 'service-failed' });
    const message = (await failure.catch((error: Error) => error)) as Error;
    const expected =
      os === 'linux'
        ? /systemctl start cybertrace.service: exit 1, now failed: Job for cybertrace.service failed/
        : version === '4.1'
          ? /service now SCM service cybertrace \(.*\\bin\\kl_feed_service\.exe\): Stopped, exit code 1067/
          : /STOPPED \(WIN32_EXIT_CODE 1067\)/;
    expect(message.message).toMatch(expected);
  });
});

it('sc.exe start waits out START_PENDING before reporting running', async () => {
  const { test, dialect } = await dialectFor('windows', '5.1');
  const service = await dialect.serviceController({ serviceDir: test.instance.serviceDir });
  await service.stop();
  test.service.delayMs = 1200;
  const started = Date.now();
  expect(await service.start()).toMatchObject({ outcome: 'changed', state: 'active', exitCode: 0 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
});

describe('no known method: unknown, never guessed', () => {
  // A session stand-in answering every command the same way: hosts without CyberTrace's service.
  const stub = (code: number, stdout: string, stderr = ''): SshSession =>
    ({
      target: { instance: 'bare-host' },
      exec: () => Promise.resolve({ code, signal: null, stdout: Buffer.from(stdout), stderr: Buffer.from(stderr), durationMs: 1 }),
    }) as unknown as SshSession;

  it('Linux without the unit (systemctl exit 4) or without systemctl (127)', async () => {
    const noUnit = new LinuxDialect(stub(4, '', 'Unit cybertrace.service could not be found.\n'), {
      os: 'linux',
      shell: 'posix-sh',
      system: 'Linux',
    });
    expect(await noUnit.detectService()).toEqual({
      method: 'unknown',
      evidence: ['systemctl status cybertrace.service: exit 4 (no such unit)'],
    });
    await expect(noUnit.serviceController()).rejects.toMatchObject({
      code: 'service-unknown',
      message: 'no known way to control CyberTrace on bare-host: systemctl status cybertrace.service: exit 4 (no such unit)',
    });
    const noSystemd = new LinuxDialect(stub(127, '', "timeout: failed to run command 'systemctl': No such file or directory\n"), {
      os: 'linux',
      shell: 'posix-sh',
      system: 'Linux',
    });
    expect((await noSystemd.detectService()).evidence).toEqual([
      'systemctl status cybertrace.service: exit 127 (no systemctl on this host)',
    ]);
  });

  it("Windows with neither kl_control.bat nor an SCM service running the instance's binary", async () => {
    const bare = new WindowsDialect(
      stub(0, 'kl_control=False\r\nctha-svc|cybertrace|Running|0|"D:\\Other\\bin\\kl_feed_service.exe"\r\n'),
      { os: 'windows', shell: 'cmd', system: 'Microsoft Windows NT 10.0.20348.0' },
    );
    // A service called cybertrace that runs another folder's binary is not this instance's: never guessed by name.
    expect(await bare.detectService({ serviceDir: 'C:\\CT' })).toEqual({
      method: 'unknown',
      evidence: [
        'C:\\CT\\bin\\kl_control.bat: absent',
        'no SCM service runs C:\\CT\\bin\\kl_feed_service.exe (found: D:\\Other\\bin\\kl_feed_service.exe)',
      ],
    });
    await expect(bare.serviceController({ serviceDir: 'C:\\CT' })).rejects.toMatchObject({ code: 'service-unknown' });
  });

  it("Windows where the SCM cannot be asked: unknown with PowerShell's reason", async () => {
    const failing = new WindowsDialect(stub(1, 'kl_control=False\r\n', 'Get-CimInstance : Access denied\r\n'), {
      os: 'windows',
      shell: 'cmd',
      system: 'Microsoft Windows NT 10.0.20348.0',
    });
    const detection = await failing.detectService({ serviceDir: 'C:\\CT' });
    expect(detection.method).toBe('unknown');
    expect(detection.evidence[1]).toMatch(/^Get-CimInstance Win32_Service: exit 1 .*Access denied/);
  });
});
