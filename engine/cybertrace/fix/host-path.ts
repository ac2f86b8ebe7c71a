// Host paths of the instance's OS, built by hand: the local `path` module would use this computer's rules.

/** The last segment of a Linux or Windows host path. */
export function hostBaseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Joins a file name to a host folder with the host's separator. */
export function hostJoinName(os: 'linux' | 'windows', dir: string, name: string): string {
  const sep = os === 'linux' ? '/' : '\\';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${name}`;
}
