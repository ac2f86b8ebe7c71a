import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, packageRoot, PRODUCT_NAME, toolVersion } from '../../engine/api/create-engine.js';
import { err, out } from '../output.js';
import { startUiServer } from '../server/ui-server.js';
import { UsageError } from './usage-error.js';

/**
 * The URL fragment that makes the page show the training-lab banner (renderer/components/TrainingBanner.tsx
 * TRAINING_LAB_FRAGMENT; cli/ may not import the renderer). A fragment survives the server's token redirect.
 */
const TRAINING_LAB_FRAGMENT = '#training-lab';

/** `ctha ui`: serves the wizard to a browser on this machine until interrupted; `--training-lab` (used by `ctha demo`) shows the lab banner. */
export async function runUi(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { port: { type: 'string' }, cluster: { type: 'string' }, 'training-lab': { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected 0-65535, got "${values.port}"`);
  const cluster = values.cluster === undefined ? undefined : resolve(values.cluster);
  if (cluster !== undefined && !existsSync(cluster)) throw new UsageError(`--cluster: no such file: ${cluster}`);
  const rendererDir = join(packageRoot(), 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    err(`The wizard is not built (${rendererDir} is missing). Run: npm run build`);
    return 1;
  }
  const engine = createEngine({ frontEnd: 'browser', ...(cluster === undefined ? {} : { initialProjectPath: cluster }) });
  let server;
  try {
    server = await startUiServer({ engine, rendererDir, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    err(
      code === 'EADDRINUSE'
        ? `Port ${port} on 127.0.0.1 is in use; choose another with --port, or omit --port.`
        : `Cannot start: ${String(error)}`,
    );
    return 1;
  }
  out(`${PRODUCT_NAME} ${toolVersion()}: browser mode`);
  out('Open this URL in a browser on this machine. It carries a private access token: do not share it.');
  out(`URL: ${server.url}${values['training-lab'] === true ? TRAINING_LAB_FRAGMENT : ''}`);
  out('Press Ctrl+C to stop.');
  const running = server;
  await new Promise<void>((done) => {
    const stop = (): void => void running.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
