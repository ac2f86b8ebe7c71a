// `ls -l` style fields, shared by SFTP READDIR long names and the emulated `ls`.
import type { VStat } from './vfs.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS_MS = 182 * 24 * 3600 * 1000;

/** `-rw-r--r--` / `drwxrwxrwt` for a status. */
export function modeString(stat: Pick<VStat, 'kind' | 'mode'>): string {
  const type = stat.kind === 'dir' ? 'd' : stat.kind === 'file' ? '-' : '?';
  const m = stat.mode;
  const triple = (shift: number, special: number, specialChar: string): string => {
    const r = m & (4 << shift) ? 'r' : '-';
    const w = m & (2 << shift) ? 'w' : '-';
    const x = m & (1 << shift);
    const xc = m & special ? (x ? specialChar : specialChar.toUpperCase()) : x ? 'x' : '-';
    return r + w + xc;
  };
  return type + triple(6, 0o4000, 's') + triple(3, 0o2000, 's') + triple(0, 0o1000, 't');
}

/** `Jan  5 13:04` for recent times, `Jan  5  2024` for older ones (UTC: the lab's hosts run in UTC). */
export function lsDate(mtimeMs: number, now = Date.now()): string {
  const d = new Date(mtimeMs);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const recent = Math.abs(now - mtimeMs) < SIX_MONTHS_MS;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()] ?? '???'} ${day} ${tail}`;
}

/** The long name OpenSSH's sftp-server sends with each READDIR entry. */
export function sftpLongName(name: string, stat: VStat, owner: string, group: string): string {
  return `${modeString(stat)}    1 ${owner.padEnd(8)} ${group.padEnd(8)} ${String(stat.size).padStart(8)} ${lsDate(stat.mtimeMs)} ${name}`;
}
