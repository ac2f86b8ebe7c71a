// Paths as the FileSystem provider takes them, and file-system failures worded as PowerShell does.
import { VfsError } from '../../fs/errors.js';
import type { CmdletContext } from './cmdlet.js';
import { PsError } from './errors.js';
import type { PsValue } from './values.js';
import { toText } from './values.js';

/** `Get-Content` -> `GetContentCommand`, the tail of FullyQualifiedErrorIds. */
function commandClass(cmdlet: string): string {
  return `Microsoft.PowerShell.Commands.${cmdlet.replace(/-/g, '')}Command`;
}

/** An error raised for a path by a cmdlet. */
export function pathError(context: CmdletContext, path: string, error: unknown, errorPrefix = 'PathNotFound'): PsError {
  if (!(error instanceof VfsError)) throw error;
  const cls = commandClass(context.name);
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new PsError(`Cannot find path '${path}' because it does not exist.`, {
        category: 'ObjectNotFound',
        errorId: `${errorPrefix},${cls}`,
        exception: 'ItemNotFoundException',
        target: path,
      });
    case 'EACCES':
    case 'EPERM':
    case 'EISDIR':
      return new PsError(`Access to the path '${path}' is denied.`, {
        category: 'PermissionDenied',
        errorId: `UnauthorizedAccess,${cls}`,
        exception: 'UnauthorizedAccessException',
        target: path,
      });
    case 'ENOSPC':
      return new PsError('There is not enough space on the disk.', {
        category: 'WriteError',
        errorId: `IOException,${cls}`,
        exception: 'IOException',
        target: path,
      });
    case 'EEXIST':
      return new PsError('Cannot create a file when that file already exists.', {
        category: 'WriteError',
        errorId: `IOException,${cls}`,
        exception: 'IOException',
        target: path,
      });
    case 'ENOTEMPTY':
      return new PsError(`The directory is not empty.`, {
        category: 'WriteError',
        errorId: `RemoveFileSystemItemIOError,${cls}`,
        exception: 'IOException',
        target: path,
      });
    case 'EXDEV':
    case 'EINVAL':
    case 'ENOSYS':
      return new PsError(`${error.text}: '${path}'`, {
        category: 'InvalidArgument',
        errorId: `IOException,${cls}`,
        exception: 'IOException',
        target: path,
      });
  }
}

/**
 * Resolves -Path or -LiteralPath to a canonical Windows path. -Path wildcards are not emulated, and only
 * the FileSystem provider exists (no Env:, HKLM:, Cert:).
 */
export function resolvePath(context: CmdletContext, value: PsValue, literal: boolean): string {
  let text = toText(value).replace(/^(?:Microsoft\.PowerShell\.Core\\)?FileSystem::/i, '');
  if (!literal && /[*?[\]]/.test(text)) {
    throw new PsError(`Wildcard paths are not emulated by the lab: '${text}'. Use -LiteralPath.`, {
      category: 'NotImplemented',
      errorId: 'NotEmulatedByLab',
      exception: 'NotSupportedException',
      target: text,
    });
  }
  if (/^[A-Za-z]{2,}:/.test(text)) {
    const drive = text.slice(0, text.indexOf(':'));
    throw new PsError(`Cannot find drive. A drive with the name '${drive}' does not exist.`, {
      category: 'ObjectNotFound',
      errorId: 'DriveNotFound,Microsoft.PowerShell.Commands.GetItemCommand',
      exception: 'DriveNotFoundException',
      target: drive,
    });
  }
  if (text === '~' || text.startsWith('~\\') || text.startsWith('~/')) text = context.vfs.home + text.slice(1);
  try {
    return context.vfs.canonical(context.vfs.normalize(text, context.cwd));
  } catch (error) {
    throw pathError(context, text, error);
  }
}

/** The -LiteralPath or -Path argument (one of them is mandatory). */
export function pathArgument(context: CmdletContext): string {
  const literal = context.bound.get('LiteralPath');
  const path = context.bound.get('Path');
  if (literal !== undefined && literal !== null) return resolvePath(context, literal, true);
  if (path !== undefined && path !== null) return resolvePath(context, path, false);
  throw new PsError('Cannot process command because of one or more missing mandatory parameters: Path.', {
    category: 'InvalidArgument',
    errorId: `MissingMandatoryParameter,${commandClass(context.name)}`,
    exception: 'ParameterBindingException',
  });
}
