// powershell.exe (Windows PowerShell 5.1): -NoProfile -NonInteractive -ExecutionPolicy X
// -EncodedCommand <base64 of UTF-16LE> or -Command <text>, run by the emulated PowerShell subset.
import type { NativeProgram } from './native.js';
import { writeText } from './native.js';
import { formatParseError } from './ps/errors.js';
import { Interpreter } from './ps/interpreter.js';
import { parseScript } from './ps/parser.js';
import { PsParseError } from './ps/scanner.js';

// Parameters match on any unambiguous prefix, as powershell.exe does (-nop, -noni, -enc, -ec, -ex, -ep).
const SWITCHES = ['noprofile', 'noninteractive', 'nologo', 'noexit', 'sta', 'mta'];
const VALUED = [
  'executionpolicy',
  'encodedcommand',
  'command',
  'file',
  'inputformat',
  'outputformat',
  'windowstyle',
  'version',
  'configurationname',
];
const SHORT: Record<string, string> = {
  ep: 'executionpolicy',
  ex: 'executionpolicy',
  ec: 'encodedcommand',
  e: 'encodedcommand',
  c: 'command',
  nop: 'noprofile',
  noni: 'noninteractive',
};

function canonical(flag: string): string | null {
  const lower = flag.toLowerCase();
  if (SHORT[lower]) return SHORT[lower] ?? null;
  const matches = [...SWITCHES, ...VALUED].filter((name) => name.startsWith(lower));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** Decodes -EncodedCommand: strict base64 of UTF-16LE text. */
export function decodeEncodedCommand(value: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length % 2 !== 0) return null;
  return bytes.toString('utf16le');
}

/** powershell.exe */
export const powershellExe: NativeProgram = async (run) => {
  let script: string | null = null;
  const args = [...run.args];
  while (args.length > 0) {
    const arg = args.shift() ?? '';
    if (!arg.startsWith('-') && !arg.startsWith('/')) {
      // Anything that is not a parameter starts the command text (-Command is implied).
      script = [arg, ...args].join(' ');
      break;
    }
    const name = canonical(arg.slice(1));
    if (name === null) {
      writeText(
        run.io.stderr,
        `-${arg.slice(1)} : The term '${arg}' is not recognized as a parameter of powershell.exe by the lab's emulation.\r\n`,
      );
      return 1;
    }
    if (SWITCHES.includes(name)) continue;
    const value = args.shift();
    if (value === undefined) {
      writeText(run.io.stderr, `Missing argument for parameter ${arg}.\r\n`);
      return 1;
    }
    if (name === 'encodedcommand') {
      script = decodeEncodedCommand(value);
      if (script === null) {
        writeText(
          run.io.stderr,
          'Cannot process the command because the value specified with -EncodedCommand is not properly encoded. The value must be Base64 encoded.\r\n',
        );
        return 1;
      }
    } else if (name === 'command') {
      if (value === '-') break;
      script = [value, ...args].join(' ');
      break;
    } else if (
      name === 'file' ||
      (name === 'outputformat' && value.toLowerCase().startsWith('x')) ||
      (name === 'inputformat' && value.toLowerCase().startsWith('x'))
    ) {
      writeText(run.io.stderr, `powershell.exe -${name} ${value} is not emulated by the lab.\r\n`);
      return 1;
    }
  }
  if (script === null) {
    writeText(
      run.io.stderr,
      'The lab emulates powershell.exe only with -EncodedCommand or -Command (no interactive session, no -Command - from stdin).\r\n',
    );
    return 1;
  }
  const interpreter = new Interpreter(script, run.session, new Map(run.env), run.io.stdout, run.io.stderr);
  try {
    return await interpreter.run(parseScript(script));
  } catch (error) {
    if (!(error instanceof PsParseError)) throw error;
    writeText(run.io.stderr, formatParseError(script, error.message, error.errorId, error.offset));
    return 1;
  }
};
