// Output and utility cmdlets: Write-Output, Write-Host, Write-Error, Out-Null, Out-String,
// Select-Object -ExpandProperty/-First, Get-PSDrive.
import { statfsSync } from 'node:fs';
import type { Cmdlet } from './cmdlet.js';
import { PsError } from './errors.js';
import { formatOutput } from './format.js';
import { getMember } from './members.js';
import { psDrive } from './objects.js';
import type { PsValue } from './values.js';
import { enumerate, toNumber, toText } from './values.js';

/** Write-Output [-NoEnumerate] values... (also pipeline input). */
export const writeOutput: Cmdlet = {
  name: 'Write-Output',
  params: [
    { name: 'InputObject', position: 0, remaining: true },
    { name: 'NoEnumerate', isSwitch: true },
  ],
  acceptsInput: true,
  run: (context) => {
    const values = enumerate(context.bound.get('InputObject') ?? null);
    return Promise.resolve([...(context.input ?? []), ...values]);
  },
};

/** Write-Host [-NoNewline] values...: straight to the console, not the pipeline. */
export const writeHost: Cmdlet = {
  name: 'Write-Host',
  params: [{ name: 'Object', position: 0, remaining: true }, { name: 'NoNewline', isSwitch: true }, { name: 'Separator' }],
  run: (context) => {
    const separator = toText(context.bound.get('Separator') ?? ' ');
    const text = enumerate(context.bound.get('Object') ?? null)
      .map(toText)
      .join(separator);
    context.writeHost(context.bound.get('NoNewline') === true ? text : `${text}\r\n`);
    return Promise.resolve([]);
  },
};

/** Write-Error -Message M: a non-terminating error. */
export const writeError: Cmdlet = {
  name: 'Write-Error',
  params: [{ name: 'Message', position: 0 }],
  run: (context) => {
    context.error(
      new PsError(toText(context.bound.get('Message') ?? null), {
        category: 'NotSpecified',
        errorId: 'Microsoft.PowerShell.Commands.WriteErrorException',
        exception: 'WriteErrorException',
      }),
    );
    return Promise.resolve([]);
  },
};

/** Out-Null: swallows its input. */
export const outNull: Cmdlet = { name: 'Out-Null', params: [], acceptsInput: true, run: () => Promise.resolve([]) };

/** Out-String: the formatted text of its input, as one string. */
export const outString: Cmdlet = {
  name: 'Out-String',
  params: [],
  acceptsInput: true,
  run: (context) => Promise.resolve([`${formatOutput(context.input ?? []).join('\r\n')}\r\n`]),
};

/** Select-Object -ExpandProperty P | -First N (the forms engines use on pipelines). */
export const selectObject: Cmdlet = {
  name: 'Select-Object',
  params: [{ name: 'ExpandProperty' }, { name: 'First' }, { name: 'Property', position: 0 }],
  acceptsInput: true,
  run: (context) => {
    if (context.bound.has('Property'))
      throw new PsError('Select-Object -Property is not emulated by the lab (use -ExpandProperty).', {
        category: 'NotImplemented',
        errorId: 'NotEmulatedByLab',
        exception: 'NotSupportedException',
      });
    let values: PsValue[] = [...(context.input ?? [])];
    const first = context.bound.get('First');
    if (first !== undefined) values = values.slice(0, toNumber(first) ?? 0);
    const expand = context.bound.get('ExpandProperty');
    if (expand !== undefined) values = values.flatMap((value) => enumerate(getMember(value, toText(expand))));
    return Promise.resolve(values);
  },
};

/** Get-PSDrive C: Used and Free in bytes, from the local disk (Free is 0 under `disk-full`). */
export const getPSDrive: Cmdlet = {
  name: 'Get-PSDrive',
  params: [{ name: 'Name', position: 0 }, { name: 'PSProvider' }],
  run: (context) => {
    const name = toText(context.bound.get('Name') ?? 'C').replace(/:$/, '');
    if (name.toUpperCase() !== 'C') {
      context.error(
        new PsError(`Cannot find drive. A drive with the name '${name}' does not exist.`, {
          category: 'ObjectNotFound',
          errorId: 'GetLocationNoMatchingDrive,Microsoft.PowerShell.Commands.GetPSDriveCommand',
          exception: 'DriveNotFoundException',
          target: name,
        }),
      );
      return Promise.resolve([]);
    }
    const fs = statfsSync(context.vfs.instance.rootDir);
    const full = context.vfs.policy.volumeFull('C:\\');
    const total = fs.blocks * fs.bsize;
    const free = full ? 0 : fs.bavail * fs.bsize;
    return Promise.resolve([psDrive(total - free, free)]);
  },
};
