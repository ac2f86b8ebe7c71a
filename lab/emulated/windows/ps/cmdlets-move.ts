// Item cmdlets that change the tree: Copy-Item, Move-Item, Remove-Item.
import { callerFor } from '../../context.js';
import { VfsError } from '../../fs/errors.js';
import { baseName, childOf } from '../../fs/paths.js';
import { copyFile, removeFile, removeTree, renamePath } from '../../fs/tree.js';
import type { Cmdlet, CmdletContext } from './cmdlet.js';
import { PsError } from './errors.js';
import { pathArgument, pathError, resolvePath } from './paths.js';

const PATH_PARAMS = [
  { name: 'Path', position: 0 },
  { name: 'LiteralPath', aliases: ['PSPath', 'LP'] },
];

const admin = (context: CmdletContext) => callerFor(context.session, true);

function destination(context: CmdletContext, source: string): string {
  const target = resolvePath(context, context.bound.get('Destination') ?? context.cwd, true);
  return context.vfs.tryStat(target)?.kind === 'dir' ? childOf('windows', target, baseName('windows', source)) : target;
}

function missingParent(context: CmdletContext, path: string): PsError {
  return new PsError(`Could not find a part of the path '${path}'.`, {
    category: 'WriteError',
    errorId: `${context.name.replace('-', '')}IOError`,
    exception: 'DirectoryNotFoundException',
    target: path,
  });
}

/** Copy-Item -LiteralPath A -Destination B [-Force]: files only; replaces an existing file; keeps the time. */
export const copyItem: Cmdlet = {
  name: 'Copy-Item',
  params: [...PATH_PARAMS, { name: 'Destination', position: 1 }, { name: 'Force', isSwitch: true }, { name: 'Recurse', isSwitch: true }],
  run: (context) => {
    const source = pathArgument(context);
    const stat = context.vfs.tryStat(source);
    if (!stat) {
      context.error(pathError(context, source, new VfsError('ENOENT', source)));
      return Promise.resolve([]);
    }
    if (stat.kind === 'dir')
      throw new PsError('Copy-Item of a directory is not emulated by the lab.', {
        category: 'NotImplemented',
        errorId: 'NotEmulatedByLab',
        exception: 'NotSupportedException',
      });
    const target = destination(context, source);
    try {
      copyFile(context.vfs, source, target, admin(context), true);
    } catch (error) {
      context.error(
        error instanceof VfsError && error.code === 'ENOENT' ? missingParent(context, target) : pathError(context, target, error),
      );
    }
    return Promise.resolve([]);
  },
};

/** Move-Item -LiteralPath A -Destination B [-Force]: an existing target needs -Force. */
export const moveItem: Cmdlet = {
  name: 'Move-Item',
  params: [...PATH_PARAMS, { name: 'Destination', position: 1 }, { name: 'Force', isSwitch: true }],
  run: (context) => {
    const source = pathArgument(context);
    if (!context.vfs.tryStat(source)) {
      context.error(pathError(context, source, new VfsError('ENOENT', source)));
      return Promise.resolve([]);
    }
    const target = destination(context, source);
    try {
      renamePath(context.vfs, source, target, admin(context), context.bound.get('Force') === true);
    } catch (error) {
      context.error(
        error instanceof VfsError && error.code === 'ENOENT' ? missingParent(context, target) : pathError(context, target, error),
      );
    }
    return Promise.resolve([]);
  },
};

/** Remove-Item -LiteralPath P [-Force] [-Recurse]: a non-empty folder needs -Recurse (no prompt here). */
export const removeItem: Cmdlet = {
  name: 'Remove-Item',
  params: [...PATH_PARAMS, { name: 'Force', isSwitch: true }, { name: 'Recurse', isSwitch: true }],
  run: (context) => {
    const path = pathArgument(context);
    const stat = context.vfs.tryStat(path);
    try {
      if (!stat) throw new VfsError('ENOENT', path);
      if (stat.kind !== 'dir') removeFile(context.vfs, path, admin(context));
      else if (context.bound.get('Recurse') === true || context.vfs.readdir(path, admin(context)).length === 0)
        removeTree(context.vfs, path, admin(context));
      else
        throw new PsError('Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.', {
          category: 'InvalidOperation',
          errorId: 'RemoveFileSystemItemUnAuthorizedAccess',
          exception: 'PSInvalidOperationException',
          target: path,
        });
    } catch (error) {
      context.error(error instanceof PsError ? error : pathError(context, path, error));
    }
    return Promise.resolve([]);
  },
};
