// `ctha hostkeys import|pin`: host keys obtained out of band, pinned into the project through the engine.
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/contract/errors.js';
import type { OperationOutput } from '../../shared/contract/operations.js';
import { err, out } from '../output.js';
import { openEngineSession } from './engine-session.js';
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
  if (sub !== 'import' && sub !== 'pin')
    throw new UsageError(`hostkeys: expected import or pin${sub === undefined ? '' : `, got "${sub}"`}`);
  const session = openEngineSession({ command: `hostkeys ${sub}` });
  try {
    if (sub === 'import') {
      const knownHosts = values['known-hosts'];
      if (knownHosts === undefined) throw new UsageError('hostkeys import: --known-hosts PATH is required');
      const result = await session.api['hostkeys.import']({ path: file, knownHosts });
      for (const note of result.notes) err(`${knownHosts}:${note.line}: ${note.message}`);
      return report(result);
    }
    const { project } = await session.api['project.open']({ path: file });
    if (!project.instances.some((entry) => entry.name === values.instance))
      throw new UsageError(`hostkeys pin: --instance must name an instance of the project, got "${values.instance ?? ''}"`);
    try {
      return report(
        await session.api['hostkeys.pin']({
          path: file,
          instance: values.instance ?? '',
          fingerprint: values.fingerprint ?? '',
          ...(values.type === undefined ? {} : { type: values.type }),
        }),
      );
    } catch (error) {
      // A fingerprint that cannot be read is the pasted text's fault: said as the engine says it, exit 1.
      if (error instanceof ApiError && error.code === 'invalid-input' && error.issues?.[0]?.path === 'type') {
        throw new UsageError("hostkeys pin: the key type is not in the pasted text; add --type ssh-ed25519 (or the host key's type)");
      }
      if (error instanceof ApiError && error.code === 'invalid-input') {
        err(`ctha hostkeys pin: ${error.message}`);
        return 1;
      }
      throw error;
    }
  } finally {
    session.close();
  }
}

function report(result: OperationOutput<'hostkeys.pin'>): number {
  out(
    `${result.pinned.length} host key(s) pinned in ${result.path}${result.alreadyPinned > 0 ? ` (${result.alreadyPinned} already pinned)` : ''}`,
  );
  return 0;
}
