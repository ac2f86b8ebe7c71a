// An unset --password-env is a usage error before any connection, for every command that logs in to hosts.
// A TCP listener on 127.0.210.10 stands in for the instance and counts the connections it receives: none.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../cli/commands/apply.js';
import { runAudit } from '../../cli/commands/audit.js';
import { runBalancer } from '../../cli/commands/balancer.js';
import { runCheck } from '../../cli/commands/check.js';
import { runPlan } from '../../cli/commands/plan.js';
import { runReport } from '../../cli/commands/report.js';
import { UsageError } from '../../cli/commands/usage-error.js';
import { serializeProject } from '../../shared/project/parse.js';

const UNSET = 'CTHA_PASSWORD_ENV_TEST_NEVER_SET';
const dir = mkdtempSync(join(tmpdir(), 'ctha-password-env-'));
let server: Server;
let connections = 0;
let project: string;

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.210.10', done));
  const port = (server.address() as AddressInfo).port;
  project = join(dir, 'cluster.ctha.json');
  writeFileSync(
    project,
    serializeProject({
      schemaVersion: 1,
      name: 'Password env cluster',
      referenceInstance: 'a',
      instances: [{ name: 'a', host: '127.0.210.10', port, os: 'linux', user: 'u', auth: { method: 'password' }, privilege: 'root' }],
      balancer: { name: 'lb', host: '127.0.210.10', port, os: 'linux', user: 'u', auth: { method: 'password' }, privilege: 'root' },
      hostKeys: [],
    } as never),
  );
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe('--password-env naming an unset variable', () => {
  const message = `--password-env ${UNSET}: the environment variable ${UNSET} is not set`;
  const commands: [string, () => Promise<number>][] = [
    ['audit', () => runAudit([project, '--password-env', UNSET])],
    ['check', () => runCheck([project, '--password-env', UNSET])],
    ['plan', () => runPlan([project, '--password-env', UNSET])],
    ['apply', () => runApply([project, '--yes', '--password-env', UNSET])],
    ['balancer read', () => runBalancer(['read', '--project', project, '--password-env', UNSET])],
    ['report', () => runReport([project, '--engineer', 'J', '--out', join(dir, 'never'), '--identity', 'create', '--password-env', UNSET])],
  ];
  it.each(commands)('%s: a usage error naming the variable, and no connection is made', async (_name, run) => {
    delete process.env[UNSET];
    const error = await run().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    expect(connections).toBe(0);
  });

  it('the listener does count a connection (the check above could fail)', async () => {
    const { connect } = await import('node:net');
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((done) =>
      connect(port, '127.0.210.10')
        .on('close', () => done())
        .on('error', () => done()),
    );
    expect(connections).toBe(1);
  });
});
