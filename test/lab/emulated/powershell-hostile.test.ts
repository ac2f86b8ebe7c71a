import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { connect, exec, powershellCommand, psQuote, startTestHost } from './helpers.js';

/** Values an engine may have to pass as data: none of them may run as code. */
const HOSTILE = [
  "'; Remove-Item C:\\canary.txt -Force; '",
  '$(Remove-Item C:\\canary.txt -Force)',
  '`$(whoami)` and `n backticks',
  '"double" "quotes" ""',
  '& cmd.exe /c del C:\\canary.txt & | Out-Null ; exit 3',
  '%USERNAME% %PATH% %%',
  'line1\nline2\r\nline3',
  'é ü 中文 ’smart‘ “quotes” „low‚ ‛',
  "@'\nhere\n'@",
  '$env:USERNAME ${env:PATH} $null $true',
  '#not a comment <# nor this #>',
  '-Force -ErrorAction Stop',
  '',
];

const UTF8 = '[Console]::OutputEncoding = [Text.Encoding]::UTF8';

describe('emulated PowerShell: properly quoted hostile strings are data', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const ps = (script: string) => exec(client, powershellCommand(`${UTF8}\n${script}`));

  beforeAll(async () => {
    test = await startTestHost({ os: 'windows', address: '127.0.0.11', files: { 'C/canary.txt': 'alive' } });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it.each(HOSTILE.map((value) => [JSON.stringify(value), value]))('Write-Output %s echoes the value', async (_label, value) => {
    const result = await ps(`Write-Output ${psQuote(value)}`);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(value === '' ? '\r\n' : `${value}\r\n`);
    expect(existsSync(test.local('C/canary.txt'))).toBe(true);
  });

  it('round-trips every value through Set-Content and Get-Content', async () => {
    for (const value of HOSTILE.filter(Boolean)) {
      const result = await ps(
        `Set-Content -LiteralPath 'C:\\Users\\ctlab\\v.txt' -Value ${psQuote(value)} -Encoding UTF8 -NoNewline; Get-Content -Raw -Encoding UTF8 -LiteralPath 'C:\\Users\\ctlab\\v.txt'`,
      );
      expect(result.stdout).toBe(`${value}\r\n`);
      expect(
        readFileSync(test.local('C/Users/ctlab/v.txt')).equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(value)])),
      ).toBe(true);
    }
  });

  it('handles a path made of awkward characters as one literal path', async () => {
    const name = "a'b $(x) ;&%PATH% [1] `é’.txt";
    writeFileSync(test.local(`C/Users/ctlab/${name}`), 'payload');
    const path = `C:\\Users\\ctlab\\${name}`;
    const sha = createHash('sha256').update('payload').digest('hex').toUpperCase();
    expect(await ps(`Test-Path -LiteralPath ${psQuote(path)}; (Get-FileHash -LiteralPath ${psQuote(path)}).Hash`)).toMatchObject({
      code: 0,
      stdout: `True\r\n${sha}\r\n`,
    });
  });

  it('shows why quoting matters: an undoubled typographic quote ends the string, as in real PowerShell', async () => {
    const result = await ps("Write-Output 'it’s'");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ParserError');
    // In double quotes, $( ) is code: a hostile value must never be put there.
    expect((await ps('Write-Output "$(1 + 1)"')).stdout).toBe('2\r\n');
    expect(existsSync(test.local('C/canary.txt'))).toBe(true);
  });
});
