// The console of one powershell.exe: formatted output, Write-Host text and error records, encoded
// with [Console]::OutputEncoding (code page 437 until a script changes it).
import type { Sink } from '../../io/sinks.js';
import type { WinEncoding } from '../encoding.js';
import { encode } from '../encoding.js';
import type { PsError } from './errors.js';
import { formatError } from './errors.js';
import { formatOutput } from './format.js';
import type { TypeHost } from './types.js';
import type { PsValue } from './values.js';
import { toText } from './values.js';

/** stdout and stderr of a PowerShell session. */
export class PsConsole {
  constructor(
    private readonly script: string,
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    private readonly types: TypeHost,
  ) {}

  /** The console encoding for stdout/stderr ([Console]::OutputEncoding). */
  encoding(): WinEncoding {
    const id = toText(this.types.outputEncoding.get('LabEncodingId'));
    // A console never writes a byte-order mark.
    return id === 'utf-8-bom' ? 'utf-8' : id === 'utf-16le' ? 'utf-16le' : id === 'ascii' ? 'ascii' : id === 'utf-8' ? 'utf-8' : 'cp437';
  }

  /** Formats and writes output values. */
  output(values: readonly PsValue[]): void {
    if (values.length === 0) return;
    const lines = formatOutput(values);
    if (lines.length) this.stdout.write(encode(`${lines.join('\r\n')}\r\n`, this.encoding()));
  }

  /** Write-Host: text straight to stdout in the console encoding. */
  host(text: string): void {
    this.stdout.write(encode(text, this.encoding()));
  }

  /** Writes an error record to stderr. */
  error(error: PsError): void {
    this.stderr.write(encode(formatError(this.script, error), this.encoding()));
  }

  /** Raw bytes to stderr (a native program's own error output). */
  raw(data: Buffer): void {
    this.stderr.write(data);
  }
}
