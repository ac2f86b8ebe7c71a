import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { connect, exec, powershellCommand, startTestHost } from './helpers.js';

// What the engine's gather scripts use: sh `if`, `for`, `*` and base64; PowerShell `foreach`,
// [IO.File]::ReadAllBytes and [Convert]::ToBase64String. Everything else stays refused.
describe('emulated Linux sh: if, for, * and base64', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const run = (command: string, stdin?: string) => exec(client, command, stdin);
  const bytes = randomBytes(1000);

  beforeAll(async () => {
    test = await startTestHost({
      os: 'linux',
      address: '127.0.110.41',
      files: { 'tmp/g/a.key': 'A', 'tmp/g/b.key': 'B', 'tmp/g/.h.key': 'H', 'tmp/g/c.txt': 'C', 'tmp/g/bin.dat': bytes },
    });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('if / elif / else / fi pick the first true branch; none true and no else is status 0', async () => {
    expect((await run('if false; then echo 1; elif [ -d /tmp ]; then echo 2; else echo 3; fi')).stdout).toBe('2\n');
    expect((await run('if false\nthen echo 1\nelse echo 3\nfi')).stdout).toBe('3\n');
    expect(await run('if false; then echo 1; fi; echo $?')).toMatchObject({ stdout: '0\n' });
    expect((await run('if true; then if false; then echo a; else echo b; fi; fi')).stdout).toBe('b\n');
    expect((await run('x=n; if [ -f /tmp/g/a.key ] && [ ! -r /nope ]; then x=y; fi; echo $x')).stdout).toBe('y\n');
  });

  it('for loops over words and over * matches (sorted, hidden names only with a literal dot, no match stays literal)', async () => {
    expect((await run('for w in a "b c" d; do echo "<$w>"; done')).stdout).toBe('<a>\n<b c>\n<d>\n');
    expect((await run('for f in /tmp/g/*.key; do echo "$f"; done')).stdout).toBe('/tmp/g/a.key\n/tmp/g/b.key\n');
    expect((await run("for f in '/tmp/g/'.*'.key'; do echo \"$f\"; done")).stdout).toBe('/tmp/g/.h.key\n');
    expect((await run('for f in /tmp/g/*.none; do echo "$f"; done')).stdout).toBe('/tmp/g/*.none\n');
    expect((await run("echo '/tmp/g/*.key' /tmp/g/*'.key'")).stdout).toBe('/tmp/g/*.key /tmp/g/a.key /tmp/g/b.key\n');
    expect((await run('cd /tmp/g; echo *.txt')).stdout).toBe('c.txt\n');
    expect((await run('for f in; do echo x; done; echo $?')).stdout).toBe('0\n');
  });

  it('refuses what it does not emulate, and dash syntax errors stay errors', async () => {
    expect(await run('echo /tmp/*/a.key')).toMatchObject({
      code: 2,
      stderr: 'sh: 1: pathname expansion before the last "/": not emulated by the lab\n',
    });
    expect(await run('x=/tmp; echo $x/*')).toMatchObject({
      code: 2,
      stderr: 'sh: 1: pathname expansion in a word with variables: not emulated by the lab\n',
    });
    expect(await run('if true; then echo x; fi > /tmp/out')).toMatchObject({ code: 2 });
    expect(await run('if true; then echo x')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Syntax error: end of file unexpected'),
    });
    expect(await run('fi')).toMatchObject({ code: 2, stderr: 'sh: 1: Syntax error: "fi" unexpected\n' });
    expect(await run('for f; do echo; done')).toMatchObject({ code: 2 });
  });

  it('base64 prints what GNU coreutils prints (76 columns, -w 0 one line), and fails on a missing file', async () => {
    const gnu = spawnSync('base64', [], { input: bytes, encoding: 'utf8' }).stdout;
    expect((await run('base64 /tmp/g/bin.dat')).stdout).toBe(gnu);
    expect((await run('base64 -w 0 /tmp/g/bin.dat')).stdout).toBe(`${bytes.toString('base64')}\n`);
    expect((await run("printf '%s' abc | base64")).stdout).toBe('YWJj\n');
    expect((await run('base64 /tmp/g/empty-none || echo failed')).stdout).toBe('failed\n');
    expect(await run('base64 -d /tmp/g/a.key')).toMatchObject({ code: 1, stderr: expect.stringContaining('only -w COLS is emulated') });
  });
});

describe('emulated PowerShell: foreach, ReadAllBytes, ToBase64String', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const ps = (script: string) => exec(client, powershellCommand(script));

  beforeAll(async () => {
    test = await startTestHost({
      os: 'windows',
      address: '127.0.110.42',
      files: { 'C/g/a.KEY': Buffer.from([0, 1, 2, 255]), 'C/g/b.txt': 'b', 'C/g/one.bin': Buffer.from([7]), 'C/g/empty.bin': '' },
    });
    client = await connect(test);
    mkdirSync(test.local('C/g/sub'), { recursive: true });
    writeFileSync(test.local('C/g/sub/x'), 'x');
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('foreach runs its body per item of a pipeline or array, with the variable set', async () => {
    expect((await ps("foreach ($x in 'a', 'b') { Write-Output ('<' + $x + '>') }")).stdout).toBe('<a>\r\n<b>\r\n');
    expect((await ps("foreach ($f in @(Get-ChildItem -LiteralPath 'C:\\g' -File -Force)) { Write-Output ($f.Name) }")).stdout).toBe(
      'a.KEY\r\nb.txt\r\nempty.bin\r\none.bin\r\n',
    );
    expect((await ps('foreach ($x in @()) { 1 }; Write-Output done')).stdout).toBe('done\r\n');
    expect(await ps('foreach ($x 1) { 1 }')).toMatchObject({ code: 1, stderr: expect.stringContaining("Missing 'in'") });
  });

  it('[Convert]::ToBase64String([IO.File]::ReadAllBytes(p)) gives the file in base64, also for 0 and 1 byte', async () => {
    expect((await ps("[Convert]::ToBase64String([IO.File]::ReadAllBytes('C:\\g\\a.KEY'))")).stdout).toBe('AAEC/w==\r\n');
    expect((await ps("[Convert]::ToBase64String([IO.File]::ReadAllBytes('C:\\g\\one.bin'))")).stdout).toBe('Bw==\r\n');
    expect((await ps("Write-Output ('[' + [Convert]::ToBase64String([IO.File]::ReadAllBytes('C:\\g\\empty.bin')) + ']')")).stdout).toBe(
      '[]\r\n',
    );
  });

  it('.NET exceptions read as Windows PowerShell prints them; try/catch sees the message', async () => {
    expect(await ps("[IO.File]::ReadAllBytes('C:\\g\\nope')")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Exception calling "ReadAllBytes" with "1" argument(s): "Could not find file \'C:\\g\\nope\'."'),
    });
    expect((await ps("try { [IO.File]::ReadAllBytes('C:\\g\\sub') } catch { Write-Output $_.Exception.Message }")).stdout).toContain(
      "Access to the path 'C:\\g\\sub' is denied.",
    );
    expect(await ps("[Convert]::ToBase64String('text')")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot convert argument "inArray"'),
    });
  });
});
