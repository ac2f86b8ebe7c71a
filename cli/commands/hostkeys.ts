import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pinsFromKnownHosts } from '../../engine/ssh/host-keys/known-hosts-lookup.js';
import { parsePastedFingerprint } from '../../engine/ssh/host-keys/pasted-fingerprint.js';
import { pinKeys } from '../../engine/ssh/host-keys/pin-keys.js';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import { PinnedHostKeySchema } from '../../shared/project/schema.js';
import { err, out } from '../output.js';
import { UsageError } from './usage-error.js';

/**
 * `ctha hostkeys import FILE --known-hosts PATH` pins the instances' keys found in an OpenSSH
 * known_hosts file (plain, [host]:port and hashed entries); `ctha hostkeys pin FILE --instance NAME
 * --fingerprint TEXT [--type TYPE]` pins a fingerprint obtained out of band (an `ssh-keygen -lf` line).
 */
export async function runHostkeys(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'known-hosts': { type: 'string' }, instance: { type: 'string' }, fingerprint: { type: 'string' }, type: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`hostkeys ${sub ?? ''}: expected exactly one project file`);
  const opened = await readProjectFile(file);
  const endpoints = opened.project.instances.map((instance) => ({ host: instance.host, port: instance.port }));
  if (sub === 'import') {
    if (values['known-hosts'] === undefined) throw new UsageError('hostkeys import: --known-hosts PATH is required');
    const found = pinsFromKnownHosts(await readFile(values['known-hosts'], 'utf8'), endpoints);
    for (const note of [...found.problems, ...found.notes]) err(`${values['known-hosts']}:${note.line}: ${note.message}`);
    const revoked = new Set(found.revoked);
    const pins = found.pins.filter((pin) => !revoked.has(pin.fingerprint));
    return save(opened.path, opened.project, pins);
  }
  if (sub === 'pin') {
    const instance = opened.project.instances.find((entry) => entry.name === values.instance);
    if (instance === undefined) throw new UsageError(`hostkeys pin: --instance must name an instance of the project, got "${values.instance ?? ''}"`);
    const pasted = parsePastedFingerprint(values.fingerprint ?? '');
    if (!pasted.ok) {
      err(`ctha hostkeys pin: ${pasted.message}`);
      return 1;
    }
    const type = values.type ?? pasted.keyType;
    if (type === undefined) throw new UsageError('hostkeys pin: the key type is not in the pasted text; add --type ssh-ed25519 (or the host key\'s type)');
    const pin = PinnedHostKeySchema.safeParse({ host: instance.host, port: instance.port, type, fingerprint: pasted.fingerprint });
    if (!pin.success) throw new UsageError(`hostkeys pin: ${pin.error.issues[0]?.message ?? 'invalid key'}`);
    return save(opened.path, opened.project, [pin.data]);
  }
  throw new UsageError(`hostkeys: expected import or pin${sub === undefined ? '' : `, got "${sub}"`}`);
}

async function save(path: string, project: Parameters<typeof pinKeys>[0], pins: Parameters<typeof pinKeys>[1]): Promise<number> {
  const before = project.hostKeys.length;
  const updated = pinKeys(project, pins);
  const added = updated.hostKeys.length - before;
  if (added > 0) await writeProjectFile(path, updated);
  out(`${added} host key(s) pinned in ${path}${added < pins.length ? ` (${pins.length - added} already pinned)` : ''}`);
  return 0;
}
