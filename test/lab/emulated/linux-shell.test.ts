import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { confPath, connect, exec, startTestHost } from './helpers.js';

describe('emulated Linux host: sh subset', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const run = (command: string, stdin?: string) => exec(client, command, stdin);
  const conf = confPath('linux');

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.0.3' });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('identifies the host and the login user', async () => {
    expect(await run('uname -s; whoami; id -un; id -u; id -Gn; hostname')).toMatchObject({
      code: 0,
      stdout: 'Linux\nctlab\nctlab\n1000\nctlab sudo\nct-node1\n',
    });
    expect((await run('uname -a')).stdout).toMatch(/^Linux ct-node1 \S+ .* x86_64 GNU\/Linux\n$/);
    expect((await run('id')).stdout).toBe('uid=1000(ctlab) gid=1000(ctlab) groups=1000(ctlab),27(sudo)\n');
  });

  it('quotes, escapes, lists and redirections behave like dash', async () => {
    expect((await run(`echo 'a  b' "c \\"d\\"" e\\ f`)).stdout).toBe('a  b c "d" e f\n');
    expect((await run(`echo 'x\\ty'`)).stdout).toBe('x\ty\n');
    expect((await run('printf "%s=%d\\n" a 1 b 2')).stdout).toBe('a=1\nb=2\n');
    expect((await run('false && echo no || echo yes; echo $?')).stdout).toBe('yes\n0\n');
    expect(await run('cat /nope 2>&1')).toMatchObject({ code: 1, stdout: 'cat: /nope: No such file or directory\n', stderr: '' });
    expect(await run('cat /nope >/dev/null 2>&1; echo $?')).toMatchObject({ stdout: '1\n', stderr: '' });
    expect((await run('echo $HOME ~ "$USER"')).stdout).toBe('/home/ctlab /home/ctlab ctlab\n');
  });

  it('keeps hostile strings in single quotes as data', async () => {
    const hostile = `$(rm -rf /); \`id\`; echo pwned && rm -f ${conf} | cat > /tmp/x; "quoted" \\ %PATH% é`;
    const quoted = `'${hostile.replace(/'/g, `'\\''`)}'`;
    expect((await run(`printf '%s' ${quoted}`)).stdout).toBe(hostile);
    expect((await run(`test -f ${conf} && echo kept`)).stdout).toBe('kept\n');
  });

  it('reads and hashes files', async () => {
    const bytes = readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect((await run(`cat ${conf}`)).stdout).toBe(bytes.toString());
    expect((await run(`sha256sum ${conf}`)).stdout).toBe(`${sha}  ${conf}\n`);
    expect((await run(`cat ${conf} | sha256sum`)).stdout).toBe(`${sha}  -\n`);
    expect((await run('sha256sum -', 'abc')).stdout).toBe(`${createHash('sha256').update('abc').digest('hex')}  -\n`);
    expect((await run(`head -c 5 ${conf}; echo; wc -c ${conf}`)).stdout).toBe(`<?xml\n${bytes.length} ${conf}\n`);
  });

  it('stats and lists', async () => {
    const out = (await run(`stat -c '%a %u %g %U %G %s %n' ${conf}`)).stdout;
    expect(out).toBe(`644 0 0 root root ${readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf')).length} ${conf}\n`);
    expect(Number((await run(`stat -c %Y ${conf}`)).stdout)).toBeGreaterThan(1_600_000_000);
    expect((await run('ls /opt/kaspersky/ktfs/etc')).stdout).toBe('kl_feed_service.conf\n');
    expect((await run('ls -la /opt/kaspersky/ktfs/etc')).stdout).toMatch(
      /^total \d+\ndrwxr-xr-x 1 root root +\d+ .+ \.\n.+ \.\.\n-rw-r--r-- 1 root root +\d+ .+ kl_feed_service\.conf\n$/,
    );
    expect(await run('ls /nope')).toMatchObject({ code: 2, stderr: "ls: cannot access '/nope': No such file or directory\n" });
    expect((await run('stat -c %a /tmp')).stdout).toBe('1777\n');
  });

  it('tests files with the login user’s permissions', async () => {
    expect((await run(`[ -f ${conf} ] && [ -r ${conf} ] && echo r; [ -w ${conf} ] || echo not-w; test -d /tmp && echo d`)).stdout).toBe(
      'r\nnot-w\nd\n',
    );
    expect(await run('[ -f /x')).toMatchObject({ code: 2, stderr: 'sh: 1: [: missing ]\n' });
  });

  it('writes only in home and /tmp; the service tree needs root', async () => {
    expect(await run('cat > /tmp/staged.conf', 'new content')).toMatchObject({ code: 0 });
    expect(readFileSync(test.local('tmp/staged.conf'), 'utf8')).toBe('new content');
    expect(await run('tee /home/ctlab/t.txt', 'tee')).toMatchObject({ code: 0, stdout: 'tee' });
    expect(await run(`cat > ${conf}`, 'x')).toMatchObject({ code: 2, stderr: `sh: 1: cannot create ${conf}: Permission denied\n` });
    expect(await run(`cp /tmp/staged.conf ${conf}`)).toMatchObject({
      code: 1,
      stderr: `cp: cannot create regular file '${conf}': Permission denied\n`,
    });
    expect(await run('mkdir -p /opt/kaspersky/ktfs/new')).toMatchObject({
      code: 1,
      stderr: "mkdir: cannot create directory '/opt/kaspersky/ktfs/new': Permission denied\n",
    });
    expect(await run(`chown root:root /tmp/staged.conf`)).toMatchObject({
      code: 1,
      stderr: "chown: changing ownership of '/tmp/staged.conf': Operation not permitted\n",
    });
    expect(
      await run(
        'mkdir -p /tmp/a/b && cp -p /tmp/staged.conf /tmp/a/b/ && mv -f /tmp/a/b/staged.conf /tmp/a/moved && chmod 600 /tmp/a/moved && stat -c %a /tmp/a/moved && rm -f /tmp/a/moved /tmp/none',
      ),
    ).toMatchObject({ code: 0, stdout: '600\n' });
    expect(readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf'), 'utf8')).toContain('9999');
  });

  it('answers df and date', async () => {
    expect((await run('df -Pk /opt/kaspersky/ktfs')).stdout).toMatch(
      /^Filesystem +1024-blocks +Used +Available +Capacity +Mounted on\n\/dev\/vda1 +\d+ +\d+ +\d+ +\d+% \/\n$/,
    );
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(Number((await run('date +%s')).stdout) - now)).toBeLessThan(5);
    expect((await run('date -u -Iseconds')).stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\n$/);
    expect((await run('command -v sha256sum; command -v echo; command -v nope; echo $?')).stdout).toBe('/usr/bin/sha256sum\necho\n1\n');
  });

  it('rejects unknown commands and syntax it does not emulate', async () => {
    expect(await run('frobnicate --now')).toMatchObject({ code: 127, stderr: 'sh: 1: frobnicate: not found\n' });
    expect(await run('/opt/kaspersky/ktfs/bin/kl_feed_service -v')).toMatchObject({ code: 127 });
    expect(await run('ls /tmp/?')).toMatchObject({ code: 2, stderr: 'sh: 1: pathname expansion (unquoted ?): not emulated by the lab\n' });
    expect(await run('echo $(id)')).toMatchObject({ code: 2 });
    expect(await run('while true; do echo x; done')).toMatchObject({ code: 2 });
    expect(await run("echo 'open")).toMatchObject({ code: 2, stderr: 'sh: 1: Syntax error: Unterminated quoted string\n' });
    expect(await run('; ls')).toMatchObject({ code: 2, stderr: 'sh: 1: Syntax error: ";" unexpected\n' });
  });

  it('bounds commands with timeout and runs sh -c', async () => {
    expect(await exec(client, 'timeout 0.3 cat; echo $?', 'partial', true)).toMatchObject({ stdout: '124\n' });
    expect((await run(`sh -c 'echo "$0 $1"' name arg`)).stdout).toBe('name arg\n');
    expect((await run('timeout --kill-after=5 10 echo ok')).stdout).toBe('ok\n');
  });
});
