// File content cmdlets: Get-Content, Set-Content, Get-FileHash (Windows PowerShell 5.1 encodings).
import { createHash } from 'node:crypto';
import { callerFor } from '../../context.js';
import { VfsError } from '../../fs/errors.js';
import { writeWhole } from '../../fs/write-file.js';
import type { WinEncoding } from '../encoding.js';
import { decodeFile, decodeOem, encode } from '../encoding.js';
import type { Cmdlet, CmdletContext } from './cmdlet.js';
import { PsError } from './errors.js';
import { fileHash } from './objects.js';
import { pathArgument, pathError } from './paths.js';
import type { PsValue } from './values.js';
import { enumerate, toText } from './values.js';

const PATH_PARAMS = [
  { name: 'Path', position: 0 },
  { name: 'LiteralPath', aliases: ['PSPath', 'LP'] },
];

function encodingParam(context: CmdletContext, reading: boolean): WinEncoding | 'ansi' {
  const value = context.bound.get('Encoding');
  const name = value === undefined || value === null ? 'default' : toText(value).toLowerCase();
  const table: Record<string, WinEncoding | 'ansi'> = {
    default: reading ? 'ansi' : 'cp1252',
    utf8: reading ? 'utf-8' : 'utf-8-bom',
    unicode: reading ? 'utf-16le' : 'utf-16le-bom',
    ascii: 'ascii',
    oem: 'cp437',
    string: reading ? 'utf-16le' : 'utf-16le-bom',
  };
  const chosen = table[name];
  if (chosen) return chosen;
  throw new PsError(
    `Cannot bind parameter 'Encoding'. The encoding '${toText(value ?? null)}' is not emulated by the lab (Default, UTF8, Unicode, ASCII, OEM are).`,
    { category: 'InvalidArgument', errorId: 'CannotConvertArgumentNoMessage', exception: 'ParameterBindingException' },
  );
}

/** Get-Content [-Raw] [-Encoding E] -LiteralPath P: without a BOM, 5.1 reads the ANSI code page (1252). */
export const getContent: Cmdlet = {
  name: 'Get-Content',
  params: [...PATH_PARAMS, { name: 'Raw', isSwitch: true }, { name: 'Encoding' }],
  run: (context) => {
    const path = pathArgument(context);
    const encoding = encodingParam(context, true);
    let bytes: Buffer;
    try {
      bytes = context.vfs.readFile(path, callerFor(context.session, true));
    } catch (error) {
      context.error(pathError(context, path, error));
      return Promise.resolve([]);
    }
    const text =
      encoding === 'ascii'
        ? bytes.toString('latin1').replace(/[\x80-\xff]/g, '?')
        : encoding === 'cp437'
          ? decodeOem(bytes)
          : decodeFile(bytes, encoding === 'ansi' ? 'ansi' : encoding === 'utf-8' ? 'utf-8' : 'utf-16le');
    if (context.bound.get('Raw') === true) return Promise.resolve(text === '' ? [] : [text]);
    const lines = text.split(/\r\n|\n|\r/);
    if (lines[lines.length - 1] === '') lines.pop();
    return Promise.resolve(lines);
  },
};

/** Set-Content -LiteralPath P -Value V [-Encoding E] [-NoNewline]: 5.1 writes ANSI (1252) by default. */
export const setContent: Cmdlet = {
  name: 'Set-Content',
  params: [
    ...PATH_PARAMS,
    { name: 'Value', position: 1 },
    { name: 'Encoding' },
    { name: 'NoNewline', isSwitch: true },
    { name: 'Force', isSwitch: true },
  ],
  run: (context) => {
    const path = pathArgument(context);
    const encoding = encodingParam(context, false);
    const values = enumerate(context.bound.get('Value') ?? null).map(toText);
    const text = context.bound.get('NoNewline') === true ? values.join('') : values.map((value) => `${value}\r\n`).join('');
    try {
      writeWhole(context.vfs, path, callerFor(context.session, true), encode(text, encoding === 'ansi' ? 'cp1252' : encoding));
    } catch (error) {
      if (error instanceof VfsError && error.code === 'ENOENT') {
        context.error(
          new PsError(`Could not find a part of the path '${path}'.`, {
            category: 'ObjectNotFound',
            errorId: 'GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands.SetContentCommand',
            exception: 'DirectoryNotFoundException',
            target: path,
          }),
        );
      } else context.error(pathError(context, path, error));
    }
    return Promise.resolve([]);
  },
};

const ALGORITHMS: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', md5: 'md5' };

/** Get-FileHash [-Algorithm SHA256] -LiteralPath P: an object whose Hash is upper-case hex. */
export const getFileHash: Cmdlet = {
  name: 'Get-FileHash',
  params: [...PATH_PARAMS, { name: 'Algorithm' }],
  run: (context) => {
    const algorithm = toText(context.bound.get('Algorithm') ?? 'SHA256');
    const node = ALGORITHMS[algorithm.toLowerCase()];
    if (!node)
      throw new PsError(
        `Cannot validate argument on parameter 'Algorithm'. The argument "${algorithm}" does not belong to the set "SHA1,SHA256,SHA384,SHA512,MD5" emulated by the lab.`,
        { category: 'InvalidData', errorId: 'ParameterArgumentValidationError', exception: 'ParameterBindingValidationException' },
      );
    const path = pathArgument(context);
    let bytes: Buffer;
    try {
      bytes = context.vfs.readFile(path, callerFor(context.session, true));
    } catch (error) {
      context.error(pathError(context, path, error, 'FileNotFound'));
      return Promise.resolve([]);
    }
    const hash = createHash(node).update(bytes).digest('hex').toUpperCase();
    const result: PsValue[] = [fileHash(algorithm.toUpperCase(), hash, path)];
    return Promise.resolve(result);
  },
};
