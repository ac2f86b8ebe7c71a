import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/contract/errors.js';
import { formatIssues } from '../../shared/project/issues.js';
import { err, out } from '../output.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/** `ctha validate FILE [--json]`: exit 0 valid, 2 invalid, 1 when the file cannot be read. */
export async function runValidate(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('validate takes exactly one project file');
  const session = openEngineSession({ command: 'validate' });
  try {
    const opened = await session.api['project.open']({ path: file });
    if (values.json) out(JSON.stringify({ valid: true, path: opened.path, sha256: opened.sha256 }));
    else out(`${opened.path}: valid (${opened.project.instances.length} instances, reference ${opened.project.referenceInstance})`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const invalid = error.code === 'invalid-project';
    if (values.json) out(JSON.stringify({ valid: false, error: error.toData() }));
    else err(invalid && error.issues ? `${error.message}:\n${formatIssues(error.issues)}` : error.message);
    return invalid ? 2 : 1;
  } finally {
    session.close();
  }
}
