import { describe, expect, it } from 'vitest';
import {
  decodeEncodedPowerShell,
  encodedPowerShell,
  POWERSHELL_PREAMBLE,
  POWERSHELL_PREFIX,
  WINDOWS_COMMAND_LIMIT_CHARS,
} from '../../../engine/hosts/quoting/encoded-powershell.js';
import {
  CommandTooLongError,
  NulInCommandLineError,
  UnencodableTextError,
  UnsafeNativeArgumentError,
} from '../../../engine/hosts/quoting/errors.js';
import { psNativeCall, psQuote } from '../../../engine/hosts/quoting/powershell.js';
import { HOSTILE_CORPUS, holdsNul } from './hostile-corpus.js';

const KL_CONTROL = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_control.bat';

describe('psQuote', () => {
  it('wraps in single quotes and doubles every kind of single quote', () => {
    expect(psQuote('')).toBe("''");
    expect(psQuote("it's")).toBe("'it''s'");
    expect(psQuote('‘a’ ‚b‛')).toBe("'‘‘a’’ ‚‚b‛‛'");
    expect(psQuote('$env:PATH "x" `n')).toBe('\'$env:PATH "x" `n\'');
    expect(psQuote('a\r\nb')).toBe("'a\r\nb'");
  });

  it('refuses NUL and lone surrogates', () => {
    for (const entry of HOSTILE_CORPUS.filter(holdsNul)) expect(() => psQuote(entry.value)).toThrow(NulInCommandLineError);
    expect(() => psQuote('\0')).toThrow('NUL cannot be passed in a command line');
    expect(() => psQuote('x\uDBFF')).toThrow(UnencodableTextError);
  });
});

describe('encodedPowerShell', () => {
  it('runs powershell.exe with the fixed switches and the script as base64 UTF-16LE behind the preamble', () => {
    const script = "Write-Output 'Привет 中文 🔥'";
    const command = encodedPowerShell(script);
    expect(command.startsWith('powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ')).toBe(true);
    const encoded = command.slice(POWERSHELL_PREFIX.length);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(encoded, 'base64').toString('utf16le')).toBe(`${POWERSHELL_PREAMBLE}\n${script}`);
    expect(decodeEncodedPowerShell(command)).toBe(`${POWERSHELL_PREAMBLE}\n${script}`);
    expect(POWERSHELL_PREAMBLE).toContain('[Console]::OutputEncoding = [Text.Encoding]::UTF8');
    expect(POWERSHELL_PREAMBLE).toContain("$ErrorActionPreference = 'Stop'");
  });

  it('round-trips every quotable corpus value that fits', () => {
    for (const entry of HOSTILE_CORPUS.filter((e) => !holdsNul(e) && e.value.length < 2_500)) {
      const script = `Write-Output ${psQuote(entry.value)}`;
      expect(decodeEncodedPowerShell(encodedPowerShell(script))).toBe(`${POWERSHELL_PREAMBLE}\n${script}`);
    }
  });

  it("refuses a command line over cmd.exe's 8191 characters", () => {
    const room = (((WINDOWS_COMMAND_LIMIT_CHARS - POWERSHELL_PREFIX.length) / 4) * 3) / 2 - POWERSHELL_PREAMBLE.length - 1;
    expect(encodedPowerShell('x'.repeat(Math.floor(room) - 2)).length).toBeLessThanOrEqual(WINDOWS_COMMAND_LIMIT_CHARS);
    expect(() => encodedPowerShell('x'.repeat(Math.ceil(room) + 3))).toThrow(CommandTooLongError);
    expect(() => encodedPowerShell('a\0')).toThrow(NulInCommandLineError);
  });

  it('decodes only its own command lines', () => {
    expect(decodeEncodedPowerShell('cmd.exe /c dir')).toBeNull();
    expect(decodeEncodedPowerShell(`${POWERSHELL_PREFIX}not*base64`)).toBeNull();
    expect(decodeEncodedPowerShell(`${POWERSHELL_PREFIX}QQ==`)).toBeNull();
  });
});

describe('psNativeCall', () => {
  it('calls the program with quoted plain-word arguments and exits with its code', () => {
    expect(psNativeCall(KL_CONTROL, ['stop'])).toBe(`& '${KL_CONTROL}' 'stop'; exit $LASTEXITCODE`);
    expect(psNativeCall('sc.exe', ['query', 'cybertrace'])).toBe("& 'sc.exe' 'query' 'cybertrace'; exit $LASTEXITCODE");
    expect(psNativeCall("C:\\it's\\x.exe")).toBe("& 'C:\\it''s\\x.exe'; exit $LASTEXITCODE");
  });

  it('refuses arguments PowerShell 5.1 or cmd.exe would change', () => {
    for (const bad of [
      '',
      'a"b',
      '%PATH%',
      '!x!',
      'a&b',
      'a|b',
      'a^b',
      'a>b',
      'a=b',
      'a,b',
      'a;b',
      '(x)',
      ' lead',
      'C:\\dir with space\\',
      'é',
      'a\nb',
    ]) {
      expect(() => psNativeCall('sc.exe', [bad]), JSON.stringify(bad)).toThrow(UnsafeNativeArgumentError);
    }
    expect(() => psNativeCall('C:\\a"b.exe')).toThrow(UnsafeNativeArgumentError);
    expect(() => psNativeCall('C:\\%x%.bat')).toThrow(UnsafeNativeArgumentError);
    expect(psNativeCall('x.exe', ['C:\\dir with space\\file.txt', '-flag', '/q'])).toContain("'C:\\dir with space\\file.txt' '-flag' '/q'");
  });
});
