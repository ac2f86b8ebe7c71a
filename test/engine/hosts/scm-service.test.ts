// Addresses 127.0.186.x. Reading Win32_Service rows: the binary of a PathName, the `%service_dir%` it implies, and kl_control's
// state when no service, or more than one, runs this instance's kl_feed_service.exe (unknown, never guessed).
import { afterAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import { KlControlController } from '../../../engine/hosts/windows/kl-control.js';
import { binaryOfPathName, parseScmServices, queryScmServices, serviceDirOfBinary } from '../../../engine/hosts/windows/scm-service.js';
import { WindowsDialect } from '../../../engine/hosts/windows/windows-dialect.js';
import { psNativeCall } from '../../../engine/hosts/quoting/powershell.js';
import type { TestHost } from './helpers.js';
import { openTo, startHost } from './helpers.js';
import { WindowsCommands } from '../../../engine/hosts/windows/windows-commands.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';

const DIR = 'D:\\CT 4.1';

// A session stand-in answering every command with the same output, as the SCM script would print it.
function controllerAnswering(stdout: string, code = 0): KlControlController {
  const session = {
    target: { instance: 'w' },
    exec: () =>
      Promise.resolve({
        code,
        signal: null,
        stdout: Buffer.from(stdout),
        stderr: Buffer.from(code === 0 ? '' : 'Get-CimInstance : Access denied\r\n'),
        durationMs: 1,
      }),
  } as unknown as SshSession;
  return new KlControlController(new WindowsCommands(session, 5_000), `${DIR}\\bin\\kl_control.bat`, DIR);
}

describe('Win32_Service PathName', () => {
  it('takes the executable out of quoted and unquoted forms, arguments dropped', () => {
    expect(binaryOfPathName('"C:\\Program Files\\CT\\bin\\kl_feed_service.exe" -s')).toBe(
      'C:\\Program Files\\CT\\bin\\kl_feed_service.exe',
    );
    expect(binaryOfPathName('C:\\CT\\bin\\kl_feed_service.exe -w -c x.conf')).toBe('C:\\CT\\bin\\kl_feed_service.exe');
  });

  it('gives <dir> only for <dir>\\bin\\kl_feed_service.exe', () => {
    expect(serviceDirOfBinary('C:\\Program Files\\CT\\bin\\kl_feed_service.exe')).toBe('C:\\Program Files\\CT');
    expect(serviceDirOfBinary('C:\\CT\\BIN\\KL_FEED_SERVICE.EXE')).toBe('C:\\CT');
    expect(serviceDirOfBinary('C:\\CT\\kl_feed_service.exe')).toBeUndefined();
    expect(serviceDirOfBinary('C:\\CT\\bin\\kl_feed_service_watchdog.exe')).toBeUndefined();
  });

  it('parses the script lines into states; other lines are ignored', () => {
    const services = parseScmServices([
      'noise',
      'ctha-svc|cybertrace|Stop Pending|0|"C:\\CT\\bin\\kl_feed_service.exe"',
      'ctha-svc|ct2|Stopped|1067|C:\\B\\bin\\kl_feed_service.exe',
    ]);
    expect(services.map((service) => [service.name, service.state, service.serviceDir])).toEqual([
      ['cybertrace', 'deactivating', 'C:\\CT'],
      ['ct2', 'failed', 'C:\\B'],
    ]);
  });
});

describe('kl_control state from the SCM', () => {
  it("is the state of the one service running this folder's binary, whatever its name", async () => {
    const status = await controllerAnswering(
      `ctha-svc|other|Running|0|"C:\\X\\bin\\kl_feed_service.exe"\r\nctha-svc|KLCT41|Stopped|0|"${DIR}\\bin\\kl_feed_service.exe"\r\n`,
    ).status();
    expect(status).toEqual({ state: 'inactive', raw: `SCM service KLCT41 (${DIR}\\bin\\kl_feed_service.exe): Stopped` });
  });

  it('is unknown when no service runs it, naming those found', async () => {
    const status = await controllerAnswering('ctha-svc|other|Running|0|"C:\\X\\bin\\kl_feed_service.exe"\r\n').status();
    expect(status).toEqual({
      state: 'unknown',
      raw: `no SCM service runs ${DIR}\\bin\\kl_feed_service.exe (found: C:\\X\\bin\\kl_feed_service.exe)`,
    });
  });

  it('is unknown when two services run it', async () => {
    const line = (name: string): string => `ctha-svc|${name}|Running|0|"${DIR}\\bin\\kl_feed_service.exe"\r\n`;
    expect((await controllerAnswering(line('a') + line('b')).status()).state).toBe('unknown');
  });

  it('is unknown, with the error, when the SCM cannot be asked', async () => {
    expect(await controllerAnswering('', 1).status()).toEqual({
      state: 'unknown',
      raw: 'Get-CimInstance Win32_Service: exit 1 Get-CimInstance : Access denied',
    });
  });
});

describe('the emulated SCM of a 4.1 host', () => {
  let test: TestHost | undefined;
  afterAll(async () => {
    await test?.stop();
  });

  it('answers the Win32_Service query with only the kl_feed_service.exe service, and sc.exe qc with its BINARY_PATH_NAME', async () => {
    test = await startHost({ os: 'windows', version: '4.1', address: '127.0.186.20' });
    const { session } = await openTo(test);
    try {
      const dialect = await openDialect(session, { expectedOs: 'windows' });
      if (!(dialect instanceof WindowsDialect)) throw new Error('expected a Windows dialect');
      const dir = test.instance.serviceDir;
      const query = await queryScmServices(dialect.commands);
      expect(query).toEqual({
        services: [
          {
            name: 'cybertrace',
            scmState: 'Running',
            exitCode: 0,
            state: 'active',
            binary: `${dir}\\bin\\kl_feed_service.exe`,
            serviceDir: dir,
          },
        ],
      });
      test.service.state = 'failed';
      expect((await queryScmServices(dialect.commands)).services[0]).toMatchObject({
        scmState: 'Stopped',
        exitCode: 1067,
        state: 'failed',
      });
      const qc = await dialect.commands.run(psNativeCall('sc.exe', ['qc', 'cybertrace']));
      expect(qc.code).toBe(0);
      const text = qc.stdout.toString('utf8');
      expect(text).toContain('[SC] QueryServiceConfig SUCCESS');
      expect(text).toMatch(new RegExp(`BINARY_PATH_NAME +: "${dir.replace(/[\\.()]/g, '\\$&')}\\\\bin\\\\kl_feed_service\\.exe"`));
      expect(text).toMatch(/SERVICE_START_NAME : NT AUTHORITY\\LocalService/);
    } finally {
      await session.close();
    }
  });
});
