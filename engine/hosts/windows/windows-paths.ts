// Windows path arithmetic for the host, by hand (node:path follows the engine's machine), and the
// SFTP form Windows OpenSSH wants: `C:\Program Files\x` is `/C:/Program Files/x` over SFTP.
import type { HostPaths } from '../dialect/types.js';
import { HostError } from '../dialect/errors.js';

// Characters Windows refuses in a file name (plus control characters), so a path holding one is a mistake.
const FORBIDDEN_IN_NAME = /[<>:"|?*\u0000-\u001f]/;

/** `C:\a\b` from `C:\a\b`, `C:/a/b` or `/C:/a/b`; throws unless absolute on a drive and canonical. */
function check(path: string): string {
  const normal = path.replace(/\//g, '\\').replace(/^\\(?=[A-Za-z]:)/, '');
  const drive = /^([A-Za-z]):\\/.exec(normal);
  if (!drive?.[1])
    throw new HostError(
      'invalid-path',
      `expected an absolute Windows path such as C:\\..., got ${JSON.stringify(path)} (UNC and relative paths are refused)`,
    );
  const rest = normal.slice(3);
  if (rest === '') return `${drive[1].toUpperCase()}:\\`;
  const segments = rest.split('\\');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..')
      throw new HostError(
        'invalid-path',
        `expected a canonical Windows path (no empty, "." or ".." segments), got ${JSON.stringify(path)}`,
      );
    if (FORBIDDEN_IN_NAME.test(segment)) throw new HostError('invalid-path', `${JSON.stringify(segment)} is not a valid Windows file name`);
  }
  return `${drive[1].toUpperCase()}:\\${rest}`;
}

/** Windows host paths: `C:\Program Files\Kaspersky Lab\...`. */
export const windowsPaths: HostPaths = {
  check,
  dirname: (path) => {
    const normal = check(path);
    const at = normal.lastIndexOf('\\');
    return at <= 2 ? normal.slice(0, 3) : normal.slice(0, at);
  },
  basename: (path) => {
    const normal = check(path);
    return normal.slice(normal.lastIndexOf('\\') + 1);
  },
  join: (dir, name) => {
    if (name === '' || /[\\/]/.test(name) || name === '.' || name === '..' || FORBIDDEN_IN_NAME.test(name))
      throw new HostError('invalid-path', `not a Windows file name: ${JSON.stringify(name)}`);
    const base = check(dir);
    return base.endsWith('\\') ? `${base}${name}` : `${base}\\${name}`;
  },
};

/** The SFTP form of a Windows path: `/C:/Program Files/x`. */
export function sftpPath(path: string): string {
  return `/${check(path).replace(/\\/g, '/')}`;
}
