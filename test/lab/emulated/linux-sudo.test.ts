import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { PASSWORD, confPath, connect, exec, startTestHost } from './helpers.js';

describe('emulated Linux host: sudo and systemctl', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const conf = confPath('linux');

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.0.4' });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('sudo -n fails without a cached password, and sudo without -S has no terminal', async () => {
    expect(await exec(client, 'sudo -n true')).toMatchObject({ code: 1, stdout: '', stderr: 'sudo: a password is required\n' });
    expect(await exec(client, 'sudo true')).toMatchObject({ code: 1, stderr: expect.stringContaining('a terminal is required') });
  });

  it("sudo -S -p '' reads the password from the first line of stdin", async () => {
    expect(await exec(client, "sudo -S -p '' -- id -u", `${PASSWORD}\n`)).toEqual({
      code: 0,
      stdout: '0\n',
      stderr: '',
      stdoutBytes: Buffer.from('0\n'),
    });
    expect(await exec(client, "sudo -S -p '' whoami", 'wrong\n')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt\n',
    });
    const attempt = '[sudo] password for ctlab: Sorry, try again.\n';
    expect(await exec(client, 'sudo -S whoami', 'a\nb\nc\n')).toMatchObject({
      code: 1,
      stderr: `${attempt.repeat(3)}sudo: 3 incorrect password attempts\n`,
    });
    expect(await exec(client, "sudo -S -p '' true", '')).toMatchObject({ code: 1, stderr: 'sudo: no password was provided\n' });
    expect(await exec(client, "sudo -S -p '' cd /", `${PASSWORD}\n`)).toMatchObject({ code: 1, stderr: 'sudo: cd: command not found\n' });
  });

  it('installs a staged file as root, keeping the rest of stdin for the command', async () => {
    await exec(client, 'cat > /tmp/new.conf', '<Root>new</Root>\n');
    expect(
      await exec(
        client,
        `sudo -S -p '' cp /tmp/new.conf ${conf}.tmp && sudo -S -p '' mv -f ${conf}.tmp ${conf}`,
        `${PASSWORD}\n${PASSWORD}\n`,
      ),
    ).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf'), 'utf8')).toBe('<Root>new</Root>\n');
    expect((await exec(client, `stat -c '%U:%G %a' ${conf}`)).stdout).toBe('root:root 644\n');
    expect(await exec(client, `sudo -S -p '' tee ${conf}.bak >/dev/null`, `${PASSWORD}\nbackup body`)).toMatchObject({ code: 0 });
    expect(readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf.bak'), 'utf8')).toBe('backup body');
    expect(
      await exec(
        client,
        `sudo -S -p '' sh -c 'cat > ${conf}.2 && chown root:root ${conf}.2 && chmod 600 ${conf}.2'`,
        `${PASSWORD}\nvia sh`,
      ),
    ).toMatchObject({ code: 0 });
    // 0600 root: the login user may stat it but not read it.
    expect(await exec(client, `stat -c '%U %a' ${conf}.2; cat ${conf}.2`)).toMatchObject({
      stdout: 'root 600\n',
      stderr: `cat: ${conf}.2: Permission denied\n`,
    });
  });

  it('systemctl: status and is-active for anyone, start/stop/restart for root only', async () => {
    test.service.state = 'active';
    expect(await exec(client, 'systemctl is-active cybertrace.service')).toMatchObject({ code: 0, stdout: 'active\n' });
    expect(await exec(client, 'systemctl status cybertrace')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Active: active (running)'),
    });
    expect(await exec(client, 'systemctl stop cybertrace.service')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Interactive authentication required'),
    });
    expect(test.service.calls).toEqual([]);
    expect(await exec(client, "sudo -S -p '' systemctl stop cybertrace.service", `${PASSWORD}\n`)).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(await exec(client, 'systemctl is-active cybertrace.service')).toMatchObject({ code: 3, stdout: 'inactive\n' });
    test.service.refuseStart = true;
    expect(await exec(client, "sudo -S -p '' systemctl start cybertrace.service", `${PASSWORD}\n`)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Job for cybertrace.service failed'),
    });
    expect(await exec(client, 'systemctl is-active cybertrace.service')).toMatchObject({ code: 3, stdout: 'failed\n' });
    test.service.refuseStart = false;
    expect(await exec(client, "sudo -S -p '' systemctl restart cybertrace.service", `${PASSWORD}\n`)).toMatchObject({ code: 0 });
    expect(test.service.calls).toEqual(['stop', 'start', 'stop', 'start']);
    expect(await exec(client, 'systemctl status nope.service')).toMatchObject({
      code: 4,
      stderr: 'Unit nope.service could not be found.\n',
    });
  });
});

describe('emulated Linux host: passwordless sudo', () => {
  it('runs sudo -n when the lab grants NOPASSWD', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.5', sudo: 'nopasswd' });
    const client = await connect(test);
    try {
      expect(await exec(client, 'sudo -n id -un')).toMatchObject({ code: 0, stdout: 'root\n' });
    } finally {
      client.end();
      await test.stop();
    }
  });
});
