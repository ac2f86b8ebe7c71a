// The shape of an emulated cmdlet.
import type { SessionContext } from '../../context.js';
import type { Vfs } from '../../fs/vfs.js';
import type { ParamSpec } from './binder.js';
import type { PsError } from './errors.js';
import type { PsValue } from './values.js';

/** What a running cmdlet can reach. */
export interface CmdletContext {
  /** The cmdlet's own name (Get-Content), for error records. */
  readonly name: string;
  readonly bound: ReadonlyMap<string, PsValue>;
  /** Pipeline input, or null when the cmdlet is first in its pipeline. */
  readonly input: readonly PsValue[] | null;
  readonly session: SessionContext;
  readonly vfs: Vfs;
  /** The current location (C:\Users\<user>). */
  readonly cwd: string;
  /** Writes a non-terminating error (honouring -ErrorAction); may throw when the action is Stop. */
  error(error: PsError): void;
  /** Writes text to the host (Write-Host), bypassing the pipeline. */
  writeHost(text: string): void;
}

/** An emulated cmdlet. */
export interface Cmdlet {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** Whether it takes pipeline input (Out-Null, Select-Object, Write-Output). */
  readonly acceptsInput?: boolean;
  run(context: CmdletContext): Promise<PsValue[]>;
}
