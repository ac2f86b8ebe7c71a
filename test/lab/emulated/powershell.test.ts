import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { connect, encodePowerShell, exec, powershellCommand, psQuote, startTestHost } from './helpers.js';

const DIR = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace';
const CONF = `${DIR}\\etc\\kl_feed_service.conf`;
const CONF_BYTES = Buffer.from('\ufeff<Root>\r\n  <Port>9999</Port>\r\n</Root>\r\n');

describe('emulated Windows host: PowerShell -EncodedCommand', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const ps = (script: string) => exec(client, powershellCommand(script));

  beforeAll(async () => {
    test = await startTestHost({
      os: 'windows',
      version: '4.4',
      address: '127.0.0.9',
      files: { 'C/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc/kl_feed_service.conf': CONF_BYTES },
    });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('decodes UTF-16LE base64 and runs the script', async () => {
    expect(await ps("Write-Output 'hello'; Write-Output 42")).toMatchObject({ code: 0, stdout: 'hello\r\n42\r\n', stderr: '' });
    expect(
      await exec(client, `powershell -nop -noni -ep Bypass -enc ${encodePowerShell('$PSVersionTable.PSVersion.ToString()')}`),
    ).toMatchObject({ stdout: '5.1.20348.2582\r\n' });
    expect(await exec(client, 'powershell.exe -NoProfile -EncodedCommand not*base64')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not properly encoded'),
    });
  });

  it('hashes and reads files with -LiteralPath', async () => {
    const sha = createHash('sha256').update(CONF_BYTES).digest('hex').toUpperCase();
    expect(await ps(`(Get-FileHash -Algorithm SHA256 -LiteralPath ${psQuote(CONF)}).Hash`)).toMatchObject({
      code: 0,
      stdout: `${sha}\r\n`,
    });
    expect((await ps(`Get-FileHash -LiteralPath ${psQuote(CONF)}`)).stdout).toMatch(new RegExp(`SHA256 +${sha} +C:\\\\Program Files`));
    const raw = await ps(`[Console]::OutputEncoding = [Text.Encoding]::UTF8; Get-Content -Raw -LiteralPath ${psQuote(CONF)}`);
    // The BOM is consumed; PowerShell adds a line end after the string.
    expect(raw.stdout).toBe('<Root>\r\n  <Port>9999</Port>\r\n</Root>\r\n\r\n');
    expect((await ps(`(Get-Content -LiteralPath ${psQuote(CONF)}).Count`)).stdout).toBe('3\r\n');
  });

  it('reports a missing file as PowerShell does, and exits 1', async () => {
    const result = await ps("Get-Content -Raw -LiteralPath 'C:\\nope.txt'");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Get-Content : Cannot find path 'C:\\nope.txt' because it does not exist.");
    expect(result.stderr).toContain('At line:1 char:1');
    expect(result.stderr).toContain('+ FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand');
  });

  it('rejects unknown commands with the term-not-recognized error', async () => {
    const result = await ps("Invoke-Frobnication -Now; Write-Output 'continues'");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('continues\r\n');
    expect(result.stderr).toContain(
      "Invoke-Frobnication : The term 'Invoke-Frobnication' is not recognized as the name of a cmdlet, function, script file, or operable program.",
    );
    expect(result.stderr).toContain('CommandNotFoundException');
    expect((await ps('Invoke-Frobnication')).code).toBe(1);
  });

  it('answers the Administrator check, versions and free space', async () => {
    const admin =
      '([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)';
    expect((await ps(admin)).stdout).toBe('True\r\n');
    expect((await ps('[Environment]::OSVersion.VersionString')).stdout).toBe('Microsoft Windows NT 10.0.20348.0\r\n');
    expect((await ps('$PSVersionTable.PSVersion.Major')).stdout).toBe('5\r\n');
    expect(Number((await ps('(Get-PSDrive C).Free')).stdout)).toBeGreaterThan(0);
    expect((await ps('[Security.Principal.WindowsIdentity]::GetCurrent().Name')).stdout).toBe('CT-WIN1\\ctlab\r\n');
  });

  it('controls the service with cmdlets and with sc.exe, setting $LASTEXITCODE', async () => {
    test.service.state = 'active';
    expect((await ps('(Get-Service cybertrace).Status')).stdout).toBe('Running\r\n');
    expect(await ps('Stop-Service cybertrace; (Get-Service cybertrace).Status')).toMatchObject({ code: 0, stdout: 'Stopped\r\n' });
    expect(await ps('sc.exe stop cybertrace | Out-Null; exit $LASTEXITCODE')).toMatchObject({ code: 1062 });
    expect(await ps('Start-Service cybertrace; (Get-Service cybertrace).Status -eq "Running"')).toMatchObject({ stdout: 'True\r\n' });
    expect(await ps('& sc.exe query cybertrace | Select-Object -First 2; "code=$LASTEXITCODE"')).toMatchObject({
      stdout: '\r\nSERVICE_NAME: cybertrace \r\ncode=0\r\n',
    });
    expect(await ps("Get-Service nosuch -ErrorAction SilentlyContinue; 'quiet'")).toMatchObject({ stdout: 'quiet\r\n', stderr: '' });
  });

  it('treats `sc` as Set-Content inside PowerShell (the real trap): it writes a file named stop', async () => {
    test.service.state = 'active';
    expect(await ps('sc stop cybertrace')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(test.service.state).toBe('active');
    expect(readFileSync(test.local('C/Users/ctlab/stop'), 'latin1')).toBe('cybertrace\r\n');
  });

  it('copies, moves, tests and removes items; Move-Item needs -Force over an existing file', async () => {
    const tmp = `${DIR}\\etc\\kl_feed_service.conf.ctha-tmp`;
    const script = [
      `Copy-Item -LiteralPath ${psQuote(CONF)} -Destination ${psQuote(tmp)}`,
      `Set-Content -LiteralPath ${psQuote(tmp)} -Value '<Root/>' -NoNewline -Encoding UTF8`,
      `Move-Item -LiteralPath ${psQuote(tmp)} -Destination ${psQuote(CONF)} -ErrorAction SilentlyContinue`,
      `"after plain move: $(Test-Path -LiteralPath ${psQuote(tmp)})"`,
      `Move-Item -LiteralPath ${psQuote(tmp)} -Destination ${psQuote(CONF)} -Force`,
      `(Get-Item -LiteralPath ${psQuote(CONF)}).Length`,
      `(Get-Item -LiteralPath ${psQuote(CONF)}).LastWriteTimeUtc.ToString('o') -match '^\\d{4}-\\d\\d-\\d\\dT.*Z$'`,
      `New-Item -ItemType Directory -Force -Path 'C:\\Temp\\ctha\\deep' | Out-Null`,
      `Test-Path -LiteralPath 'C:\\Temp\\ctha\\deep' -PathType Container`,
      `Remove-Item -LiteralPath 'C:\\Temp\\ctha' -Recurse -Force`,
      `Test-Path -LiteralPath 'C:\\Temp\\ctha'`,
      `Get-ChildItem -LiteralPath ${psQuote(`${DIR}\\etc`)} -Name`,
    ].join('\n');
    expect(await ps(script)).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'after plain move: True\r\n10\r\nTrue\r\nTrue\r\nFalse\r\nkl_feed_service.conf\r\n',
    });
    expect(
      readFileSync(test.local('C/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc/kl_feed_service.conf')).equals(
        Buffer.from('\ufeff<Root/>'),
      ),
    ).toBe(true);
  });

  it('has no kl_control.bat on a 4.2+ host; `exit $LASTEXITCODE` then exits 0, as real PowerShell does', async () => {
    const result = await ps(`& ${psQuote(`${DIR}\\bin\\kl_control.bat`)} stop; exit $LASTEXITCODE`);
    // $LASTEXITCODE was never set, and `exit $null` is `exit 0`: callers must check stderr or $?.
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('is not recognized');
    expect((await ps(`& ${psQuote(`${DIR}\\bin\\kl_control.bat`)} stop`)).code).toBe(1);
  });

  it('honours $ErrorActionPreference, -ErrorAction Stop, try/catch, throw and exit codes', async () => {
    expect(await ps("$ErrorActionPreference = 'Stop'; Get-Item 'C:\\nope'; 'not reached'")).toMatchObject({ code: 1, stdout: '' });
    expect(await ps("try { Get-Item 'C:\\nope' -ErrorAction Stop; 'no' } catch { \"caught: $($_.Exception.Message)\" }")).toMatchObject({
      code: 0,
      stdout: "caught: Cannot find path 'C:\\nope' because it does not exist.\r\n",
    });
    expect(await ps("throw 'boom'; 'after'")).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('boom') });
    expect(await ps('exit 7')).toMatchObject({ code: 7 });
    expect(await ps("if (Test-Path -LiteralPath 'C:\\nope') { 'yes' } elseif ($true) { 'elseif' } else { 'no' }")).toMatchObject({
      stdout: 'elseif\r\n',
    });
  });

  it('reports syntax errors before running anything, and refuses syntax it does not emulate', async () => {
    const result = await ps("Write-Output 'first'; Write-Output 'unterminated");
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain("The string is missing the terminator: '.");
    expect(result.stderr).toContain('ParserError');
    expect(await ps('while ($true) { 1 }')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining("does not support the 'while' keyword"),
    });
    expect(await ps("Get-ChildItem -Path 'C:\\*'")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Wildcard paths are not emulated'),
    });
  });

  it('writes UTF-8 after [Console]::OutputEncoding is set, code page 437 before', async () => {
    expect((await ps("Write-Output 'é€'")).stdoutBytes.equals(Buffer.from([0x82, 0x3f, 0x0d, 0x0a]))).toBe(true);
    expect((await ps("[Console]::OutputEncoding = [Text.Encoding]::UTF8; Write-Output 'é€'")).stdout).toBe('é€\r\n');
  });

  it('reads a BOM-less UTF-8 file as ANSI unless -Encoding UTF8 (Windows PowerShell 5.1)', async () => {
    writeFileSync(test.local('C/Users/ctlab/utf8.txt'), 'é');
    const utf8Console = '[Console]::OutputEncoding = [Text.Encoding]::UTF8; ';
    expect((await ps(`${utf8Console}Get-Content -Raw -LiteralPath 'C:\\Users\\ctlab\\utf8.txt'`)).stdout).toBe('Ã©\r\n');
    expect((await ps(`${utf8Console}Get-Content -Raw -Encoding UTF8 -LiteralPath 'C:\\Users\\ctlab\\utf8.txt'`)).stdout).toBe('é\r\n');
    // Set-Content's default is ANSI (1252): é is one byte.
    await ps("Set-Content -LiteralPath 'C:\\Users\\ctlab\\ansi.txt' -Value 'é'");
    expect(readFileSync(test.local('C/Users/ctlab/ansi.txt')).equals(Buffer.from([0xe9, 0x0d, 0x0a]))).toBe(true);
  });
});
