// POSIX path arithmetic for the host, built by hand: node:path follows the machine the engine runs on.
import type { HostPaths } from '../dialect/types.js';
import { HostError } from '../dialect/errors.js';

/**
 * Only absolute, canonical paths go into commands: an absolute path can never be read as an option
 * (it starts with `/`, not `-`), and without `.`/`..` or doubled slashes "same directory" means what it says.
 */
function check(path: string): string {
  if (!path.startsWith('/')) throw new HostError('invalid-path', `expected an absolute Linux path, got ${JSON.stringify(path)}`);
  if (path.includes('\0')) throw new HostError('invalid-path', 'a Linux path cannot hold NUL');
  const segments = path.split('/').slice(1);
  if (path !== '/' && segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new HostError(
      'invalid-path',
      `expected a canonical Linux path (no empty, "." or ".." segments, no trailing "/"), got ${JSON.stringify(path)}`,
    );
  }
  return path;
}

/** Linux host paths: `/opt/kaspersky/ktfs/etc/kl_feed_service.conf`. */
export const linuxPaths: HostPaths = {
  check,
  dirname: (path) => {
    const at = check(path).lastIndexOf('/');
    return at <= 0 ? '/' : path.slice(0, at);
  },
  basename: (path) => check(path).slice(path.lastIndexOf('/') + 1),
  join: (dir, name) => {
    if (name === '' || name.includes('/') || name === '.' || name === '..')
      throw new HostError('invalid-path', `not a file name: ${JSON.stringify(name)}`);
    return `${check(dir) === '/' ? '' : dir}/${name}`;
  },
};
