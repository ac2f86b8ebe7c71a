// Reading Win32_Service rows: the binary of a PathName, the `%service_dir%` it implies, and kl_control's
// state when no service, or more than one, runs this instance's kl_feed_service.exe (unknown, never guessed).
import { describe, expect, it } from 'vitest';
import { KlControlController } from '../../../engine/hosts/windows/kl-control.js';
import { binaryOfPathName, parseScmServices, serviceDirOfBinary } from '../../../engine/hosts/windows/scm-service.js';
import { WindowsCommands } from '../../../engine/hosts/windows/windows-commands.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';

const DIR = 'D:\\CT 4.1';

// A session stand-in answering every command with the same output, as the SCM script would print it.
function controllerAnswering(stdout: string, code = 0): KlControlController {
  const session = { target: { instance: 'w' }, exec: () => Promise.resolve({ code, signal: null, stdout: Buffer.from(stdout), stderr: Buffer.from(code === 0 ? '' : 'Get-CimInstance : Access denied\r\n'), durationMs: 1 }) } as unknown as SshSession;
  return new KlControlController(new WindowsCommands(session, 5_000), `${DIR}\\bin\\kl_control.bat`, DIR);
}

describe('Win32_Service PathName', () => {
  it('takes the executable out of quoted and unquoted forms, arguments dropped', () => {
    expect(binaryOfPathName('"C:\\Program Files\\CT\\bin\\kl_feed_service.exe" -s')).toBe('C:\\Program Files\\CT\\bin\\kl_feed_service.exe');
    expect(binaryOfPathName('C:\\CT\\bin\\kl_feed_service.exe -w -c x.conf')).toBe('C:\\CT\\bin\\kl_feed_service.exe');
  });

  it('gives <dir> only for <dir>\\bin\\kl_feed_service.exe', () => {
    expect(serviceDirOfBinary('C:\\Program Files\\CT\\bin\\kl_feed_service.exe')).toBe('C:\\Program Files\\CT');
    expect(serviceDirOfBinary('C:\\CT\\BIN\\KL_FEED_SERVICE.EXE')).toBe('C:\\CT');
    expect(serviceDirOfBinary('C:\\CT\\kl_feed_service.exe')).toBeUndefined();
    expect(serviceDirOfBinary('C:\\CT\\bin\\kl_feed_service_watchdog.exe')).toBeUndefined();
  });

  it('parses the script lines into states; other lines are ignored', () => {
    const services = parseScmServices(['noise', 'ctha-svc|cybertrace|Stop Pending|0|"C:\\CT\\bin\\kl_feed_service.exe"', 'ctha-svc|ct2|Stopped|1067|C:\\B\\bin\\kl_feed_service.exe']);
    expect(services.map((service) => [service.name, service.state, service.serviceDir])).toEqual([
      ['cybertrace', 'deactivating', 'C:\\CT'],
      ['ct2', 'failed', 'C:\\B'],
    ]);
  });
});

describe('kl_control state from the SCM', () => {
  it('is the state of the one service running this folder\'s binary, whatever its name', async () => {
    const status = await controllerAnswering(`ctha-svc|other|Running|0|"C:\\X\\bin\\kl_feed_service.exe"\r\nctha-svc|KLCT41|Stopped|0|"${DIR}\\bin\\kl_feed_service.exe"\r\n`).status();
    expect(status).toEqual({ state: 'inactive', raw: `SCM service KLCT41 (${DIR}\\bin\\kl_feed_service.exe): Stopped` });
  });

  it('is unknown when no service runs it, naming those found', async () => {
    const status = await controllerAnswering('ctha-svc|other|Running|0|"C:\\X\\bin\\kl_feed_service.exe"\r\n').status();
    expect(status).toEqual({ state: 'unknown', raw: `no SCM service runs ${DIR}\\bin\\kl_feed_service.exe (found: C:\\X\\bin\\kl_feed_service.exe)` });
  });

  it('is unknown when two services run it', async () => {
    const line = (name: string): string => `ctha-svc|${name}|Running|0|"${DIR}\\bin\\kl_feed_service.exe"\r\n`;
    expect((await controllerAnswering(line('a') + line('b')).status()).state).toBe('unknown');
  });

  it('is unknown, with the error, when the SCM cannot be asked', async () => {
    expect(await controllerAnswering('', 1).status()).toEqual({ state: 'unknown', raw: 'Get-CimInstance Win32_Service: exit 1 Get-CimInstance : Access denied' });
  });
});
