import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { connect, exec, powershellCommand, startTestHost } from './helpers.js';

describe('emulated Windows host: cmd.exe and sc.exe', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    test = await startTestHost({ os: 'windows', version: '4.4', address: '127.0.0.7' });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('answers whoami, hostname, ver, echo and %VAR%', async () => {
    expect(await exec(client, 'whoami')).toMatchObject({ code: 0, stdout: 'ct-win1\\ctlab\r\n' });
    expect((await exec(client, 'hostname & echo %USERNAME% %NOPE% & ver')).stdout).toBe(
      'CT-WIN1\r\nctlab %NOPE% \r\n\r\nMicrosoft Windows [Version 10.0.20348.2582]\r\n',
    );
    expect((await exec(client, 'cmd /c "echo inner" && echo after')).stdout).toBe('inner\r\nafter\r\n');
  });

  it('rejects unknown commands with 9009, as cmd.exe does', async () => {
    expect(await exec(client, 'frobnicate /now')).toMatchObject({
      code: 9009,
      stderr: "'frobnicate' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
    });
    expect(await exec(client, 'whoami | findstr x')).toMatchObject({ code: 1 });
  });

  it('sc query/start/stop with SCM states and Win32 error codes', async () => {
    test.service.state = 'active';
    const query = await exec(client, 'sc.exe query cybertrace');
    expect(query.code).toBe(0);
    expect(query.stdout).toContain('SERVICE_NAME: cybertrace');
    expect(query.stdout).toMatch(/STATE +: 4 +RUNNING/);
    expect(await exec(client, 'sc start cybertrace')).toMatchObject({
      code: 1056,
      stdout: '[SC] StartService FAILED 1056:\r\n\r\nAn instance of the service is already running.\r\n\r\n',
    });
    const stop = await exec(client, 'sc stop cybertrace');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/STATE +: 3 +STOP_PENDING/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await exec(client, 'sc query cybertrace')).stdout).toMatch(/STATE +: 1 +STOPPED/);
    expect(await exec(client, 'sc stop cybertrace')).toMatchObject({
      code: 1062,
      stdout: expect.stringContaining('The service has not been started.'),
    });
    test.service.refuseStart = true;
    expect((await exec(client, 'sc start cybertrace')).stdout).toMatch(/START_PENDING/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await exec(client, 'sc query cybertrace')).stdout).toMatch(/STOPPED[\s\S]*WIN32_EXIT_CODE +: 1067 +\(0x42b\)/);
    expect(await exec(client, 'sc query nosuch')).toMatchObject({
      code: 1060,
      stdout: expect.stringContaining('does not exist as an installed service'),
    });
    test.service.refuseStart = false;
  });

  it('has no kl_control.bat on a 4.2+ host', async () => {
    const bat = '"C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_control.bat" stop';
    expect(await exec(client, bat)).toMatchObject({ code: 9009 });
  });
});

describe('emulated Windows 4.1 host: kl_control.bat', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const bat = '"C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_control.bat"';

  beforeAll(async () => {
    test = await startTestHost({ os: 'windows', version: '4.1', address: '127.0.0.8' });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('stops, refuses a second stop, starts, and reports status', async () => {
    test.service.state = 'active';
    const stop = await exec(client, `${bat} stop`);
    expect(stop).toMatchObject({ code: 0, stdout: expect.stringContaining('service was stopped successfully') });
    expect(test.service.state).toBe('inactive');
    expect(await exec(client, `${bat} stop`)).toMatchObject({ code: 2, stderr: expect.stringContaining('is not started') });
    // What `status` prints is undocumented (REFERENCE 2.2): free text, never an sc.exe status block.
    const status = await exec(client, `${bat} status`);
    expect(status).toMatchObject({ code: 0, stdout: 'Kaspersky CyberTrace Service: not working\r\n' });
    expect(status.stdout).not.toMatch(/STATE\s*:/);
    expect(await exec(client, `${bat} start`)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('service was started successfully'),
    });
    expect(await exec(client, `${bat} start`)).toMatchObject({ code: 2, stderr: expect.stringContaining('already been started') });
    test.service.state = 'inactive';
    test.service.refuseStart = true;
    expect(await exec(client, `${bat} start`)).toMatchObject({ code: 2, stderr: expect.stringContaining('could not be started') });
    test.service.refuseStart = false;
  });

  it('runs from PowerShell with & and passes its exit code through $LASTEXITCODE', async () => {
    test.service.state = 'active';
    const script = "& 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_control.bat' stop; exit $LASTEXITCODE";
    expect(await exec(client, powershellCommand(script))).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('stopped successfully'),
    });
    expect(await exec(client, powershellCommand(script))).toMatchObject({ code: 2 });
  });
});
