import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTooLongError, NulInCommandLineError, UnencodableTextError } from '../../../engine/hosts/quoting/errors.js';
import { POSIX_COMMAND_LIMIT_BYTES, shCommand, shQuote } from '../../../engine/hosts/quoting/posix.js';
import { HOSTILE_CORPUS, holdsNul, POSIX_CANARY } from './hostile-corpus.js';

const cwd = mkdtempSync(join(tmpdir(), 'ctha-quoting-'));
const shells = ['/bin/sh', '/bin/bash'].filter((shell) => existsSync(shell));
const run = (shell: string, command: string): Buffer => execFileSync(shell, ['-c', command], { cwd, maxBuffer: 1 << 24 });
const cases = HOSTILE_CORPUS.filter((entry) => !holdsNul(entry)).map((entry) => [entry.label, entry.value] as const);

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// Every case through each shell in one script (read from stdin: the script is longer than one argument may
// be), each printf's output followed by a NUL, which no case holds: one process per shell, not 140.
function printedByEachShell(): Map<string, Buffer[]> {
  const script = cases
    .flatMap(([, value]) => [`printf '%s' ${shQuote(value)}`, shCommand(['printf', '%s', value])])
    .map((command) => `${command}; printf '\\0'`)
    .join('\n');
  return new Map(
    shells.map((shell) => [shell, splitAtNul(execFileSync(shell, ['-s'], { cwd, input: `${script}\n`, maxBuffer: 1 << 24 }))]),
  );
}

function splitAtNul(out: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0, at = out.indexOf(0); at >= 0; start = at + 1, at = out.indexOf(0, start)) parts.push(out.subarray(start, at));
  return parts;
}

describe('shQuote through a real shell', () => {
  let printed: Map<string, Buffer[]>;
  beforeAll(() => {
    printed = printedByEachShell();
  });

  it.each(cases.map(([label, value], index) => [label, value, index] as const))(
    'printf of <%s> gives back the exact bytes, with no side effect',
    (_label, value, index) => {
      for (const shell of shells) {
        const outputs = printed.get(shell) ?? [];
        expect(outputs, `${shell}: one output per command`).toHaveLength(cases.length * 2);
        expect(outputs[index * 2]?.equals(Buffer.from(value, 'utf8')), `${shell}: printf of shQuote`).toBe(true);
        expect(outputs[index * 2 + 1]?.equals(Buffer.from(value, 'utf8')), `${shell}: shCommand`).toBe(true);
      }
      expect(existsSync(join(cwd, POSIX_CANARY))).toBe(false);
    },
  );

  it('keeps every value a single argument', () => {
    const values = cases.map(([, value]) => value).filter((value) => value.length < 1_000);
    const out = run('/bin/sh', `printf '%s\\0' ${values.map(shQuote).join(' ')}`);
    expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(values);
  });
});

describe('shQuote and shCommand', () => {
  it('leaves plain words bare and quotes everything else', () => {
    expect(shQuote('/opt/kaspersky/ktfs/etc/kl_feed_service.conf')).toBe('/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
    expect(shQuote('cybertrace.service')).toBe('cybertrace.service');
    expect(shQuote('')).toBe("''");
    expect(shQuote("it's")).toBe("'it'\\''s'");
    expect(shQuote('a b')).toBe("'a b'");
    for (const special of ['if', 'A=b', '~', '#x', '*', 'é']) expect(shQuote(special)).toBe(`'${special}'`);
    expect(shCommand(['systemctl', 'is-active', 'cybertrace.service'])).toBe('systemctl is-active cybertrace.service');
  });

  it('refuses NUL with a specific error', () => {
    for (const entry of HOSTILE_CORPUS.filter(holdsNul)) {
      expect(() => shQuote(entry.value)).toThrow(NulInCommandLineError);
      expect(() => shCommand(['printf', entry.value])).toThrow('NUL cannot be passed in a command line');
    }
  });

  it('refuses a lone surrogate, which UTF-8 cannot carry', () => {
    expect(() => shQuote('a\uD800b')).toThrow(UnencodableTextError);
    expect(() => shQuote('\uDC00')).toThrow(UnencodableTextError);
    expect(shQuote('\uD83D\uDD25')).toBe("'🔥'");
  });

  it('refuses a command line longer than every SSH server must accept, counted in UTF-8 bytes', () => {
    const prefix = 'printf %s ';
    const fits = shCommand(['printf', '%s', 'x'.repeat(POSIX_COMMAND_LIMIT_BYTES - prefix.length)]);
    expect(Buffer.byteLength(fits)).toBe(POSIX_COMMAND_LIMIT_BYTES);
    expect(run('/bin/sh', fits)).toHaveLength(POSIX_COMMAND_LIMIT_BYTES - prefix.length);
    expect(() => shCommand(['printf', '%s', 'x'.repeat(POSIX_COMMAND_LIMIT_BYTES - prefix.length + 1)])).toThrow(CommandTooLongError);
    expect(() => shCommand(['printf', '%s', 'é'.repeat(POSIX_COMMAND_LIMIT_BYTES / 2)])).toThrow(/over the limit of 32750/);
    expect(() => shCommand([])).toThrow();
  });

  it('stays far below the Linux per-argument limit, which the local kernel enforces at 128 KiB', () => {
    expect(run('/bin/sh', `printf %s ${'x'.repeat(131_071 - 10)}`)).toHaveLength(131_061);
    expect(() => run('/bin/sh', `printf %s ${'x'.repeat(131_072 - 10)}`)).toThrow(/E2BIG/);
  });
});
