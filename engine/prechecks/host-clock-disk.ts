import type { HostDialect } from '../hosts/dialect/index.js';
import { encodedPowerShell } from '../hosts/quoting/encoded-powershell.js';
import { shCommand } from '../hosts/quoting/posix.js';
import { psQuote } from '../hosts/quoting/powershell.js';

/** The host's clock minus this computer's, in seconds, measured against the middle of the round trip. */
export async function clockSkewSeconds(dialect: HostDialect): Promise<number> {
  const before = Date.now();
  const command = dialect.os === 'linux' ? shCommand(['date', '-u', '+%s']) : encodedPowerShell("[DateTime]::UtcNow.ToString('o')");
  const result = await dialect.session.exec(command, { timeoutMs: 15_000 });
  const middle = (before + Date.now()) / 2;
  const text = result.stdout.toString('utf8').trim();
  const hostMs = dialect.os === 'linux' ? Number(text) * 1000 : Date.parse(text);
  if (result.code !== 0 || !Number.isFinite(hostMs))
    throw new Error(`cannot read the host's clock (exit ${result.code}): ${text || result.stderr.toString('utf8').trim()}`);
  return Math.round((hostMs - middle) / 1000);
}

/** Free bytes on the file system that holds `dir` (Linux `df -Pk`; Windows the drive's free space). */
export async function freeBytes(dialect: HostDialect, dir: string): Promise<number> {
  if (dialect.os === 'linux') {
    const result = await dialect.session.exec(shCommand(['df', '-Pk', '--', dir]), { timeoutMs: 15_000 });
    const fields = result.stdout.toString('utf8').trim().split('\n').at(-1)?.trim().split(/\s+/) ?? [];
    const availableKb = Number(fields[3]);
    if (result.code !== 0 || !Number.isFinite(availableKb))
      throw new Error(`df failed (exit ${result.code}): ${result.stderr.toString('utf8').trim()}`);
    return availableKb * 1024;
  }
  const drive = /^([A-Za-z]):/.exec(dir)?.[1];
  if (!drive) throw new Error(`not a drive path: ${dir}`);
  const result = await dialect.session.exec(encodedPowerShell(`(Get-PSDrive ${psQuote(drive.toUpperCase())}).Free`), { timeoutMs: 15_000 });
  const free = Number(result.stdout.toString('utf8').trim());
  if (result.code !== 0 || !Number.isFinite(free))
    throw new Error(`Get-PSDrive failed (exit ${result.code}): ${result.stderr.toString('utf8').trim()}`);
  return free;
}
