// Item cmdlets: Test-Path, Get-Item, Get-ChildItem, New-Item (Copy/Move/Remove-Item are in cmdlets-move.ts).
import { callerFor } from '../../context.js';
import { VfsError } from '../../fs/errors.js';
import { baseName, childOf, parentOf } from '../../fs/paths.js';
import { makeDirs } from '../../fs/tree.js';
import { writeWhole } from '../../fs/write-file.js';
import type { Cmdlet, CmdletContext } from './cmdlet.js';
import { PsError } from './errors.js';
import { fileItem } from './objects.js';
import { pathArgument, pathError, resolvePath } from './paths.js';
import { toText } from './values.js';

const PATH_PARAMS = [
  { name: 'Path', position: 0 },
  { name: 'LiteralPath', aliases: ['PSPath', 'LP'] },
];

const admin = (context: CmdletContext) => callerFor(context.session, true);

/** Test-Path [-PathType Any|Leaf|Container] -LiteralPath P: True or False, never an error. */
export const testPath: Cmdlet = {
  name: 'Test-Path',
  params: [...PATH_PARAMS, { name: 'PathType' }],
  run: (context) => {
    let path: string;
    try {
      path = pathArgument(context);
    } catch (error) {
      if (error instanceof PsError && error.info.errorId.startsWith('MissingMandatory')) throw error;
      return Promise.resolve([false]);
    }
    const stat = context.vfs.tryStat(path);
    const type = toText(context.bound.get('PathType') ?? 'Any').toLowerCase();
    return Promise.resolve([stat !== null && (type === 'any' || (type === 'leaf') === (stat.kind !== 'dir'))]);
  },
};

/** Get-Item -LiteralPath P: a FileInfo or DirectoryInfo. */
export const getItem: Cmdlet = {
  name: 'Get-Item',
  params: [...PATH_PARAMS, { name: 'Force', isSwitch: true }],
  run: (context) => {
    const path = pathArgument(context);
    const stat = context.vfs.tryStat(path);
    if (!stat) {
      context.error(pathError(context, path, new VfsError('ENOENT', path)));
      return Promise.resolve([]);
    }
    return Promise.resolve([fileItem(path, stat)]);
  },
};

/** Get-ChildItem [-LiteralPath P] [-Name] [-File|-Directory]: directories first, then files, by name. */
export const getChildItem: Cmdlet = {
  name: 'Get-ChildItem',
  params: [
    ...PATH_PARAMS,
    { name: 'Force', isSwitch: true },
    { name: 'Name', isSwitch: true },
    { name: 'File', isSwitch: true },
    { name: 'Directory', isSwitch: true },
    { name: 'Recurse', isSwitch: true },
  ],
  run: (context) => {
    if (context.bound.get('Recurse') === true)
      throw new PsError('Get-ChildItem -Recurse is not emulated by the lab.', {
        category: 'NotImplemented',
        errorId: 'NotEmulatedByLab',
        exception: 'NotSupportedException',
      });
    const path = context.bound.has('Path') || context.bound.has('LiteralPath') ? pathArgument(context) : context.cwd;
    const stat = context.vfs.tryStat(path);
    if (!stat) {
      context.error(pathError(context, path, new VfsError('ENOENT', path)));
      return Promise.resolve([]);
    }
    if (stat.kind !== 'dir')
      return Promise.resolve([context.bound.get('Name') === true ? baseName('windows', path) : fileItem(path, stat)]);
    const entries = context.vfs
      .readdir(path, admin(context))
      .map((name) => ({ name, path: childOf('windows', path, name), stat: context.vfs.tryStat(childOf('windows', path, name)) }))
      .filter((entry) => entry.stat !== null)
      .filter(
        (entry) =>
          !(context.bound.get('File') === true && entry.stat?.kind === 'dir') &&
          !(context.bound.get('Directory') === true && entry.stat?.kind !== 'dir'),
      )
      .sort(
        (a, b) =>
          Number(b.stat?.kind === 'dir') - Number(a.stat?.kind === 'dir') || a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
      );
    return Promise.resolve(
      entries.map((entry) => (context.bound.get('Name') === true || !entry.stat ? entry.name : fileItem(entry.path, entry.stat))),
    );
  },
};

/** New-Item -ItemType Directory|File [-Force] [-Value V] -Path P: returns the new item. */
export const newItem: Cmdlet = {
  name: 'New-Item',
  params: [{ name: 'Path', position: 0 }, { name: 'ItemType', aliases: ['Type'] }, { name: 'Value' }, { name: 'Force', isSwitch: true }],
  run: (context) => {
    const path = resolvePath(context, context.bound.get('Path') ?? '.', true);
    const type = toText(context.bound.get('ItemType') ?? 'File').toLowerCase();
    const force = context.bound.get('Force') === true;
    const existing = context.vfs.tryStat(path);
    if (type !== 'directory' && type !== 'file') {
      throw new PsError(`New-Item -ItemType ${type} is not emulated by the lab (File and Directory are).`, {
        category: 'NotImplemented',
        errorId: 'NotEmulatedByLab',
        exception: 'NotSupportedException',
      });
    }
    try {
      if (type === 'directory') {
        if (existing && !force)
          throw new PsError(`An item with the specified name ${path} already exists.`, {
            category: 'ResourceExists',
            errorId: 'DirectoryExist,Microsoft.PowerShell.Commands.NewItemCommand',
            exception: 'IOException',
            target: path,
          });
        makeDirs(context.vfs, path, admin(context));
      } else {
        if (existing && !force)
          throw new PsError(`The file '${path}' already exists.`, {
            category: 'WriteError',
            errorId: 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand',
            exception: 'IOException',
            target: path,
          });
        if (force) makeDirs(context.vfs, parentOf('windows', path), admin(context));
        // New-Item -Value writes UTF-8 without a byte-order mark.
        writeWhole(context.vfs, path, admin(context), Buffer.from(toText(context.bound.get('Value') ?? ''), 'utf8'));
      }
    } catch (error) {
      context.error(error instanceof PsError ? error : pathError(context, path, error));
      return Promise.resolve([]);
    }
    return Promise.resolve([fileItem(context.vfs.canonical(path), context.vfs.stat(path))]);
  },
};
