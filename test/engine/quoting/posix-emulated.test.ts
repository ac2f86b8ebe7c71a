// shQuote against the lab's emulated Linux shell, which the engine's integration tests will use:
// a value the real sh reads back exactly must come back exactly there too, or be refused loudly.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSIX_COMMAND_LIMIT_BYTES, shCommand } from '../../../engine/hosts/quoting/posix.js';
import type { TestHost } from '../../lab/emulated/helpers.js';
import { connect, exec, startTestHost } from '../../lab/emulated/helpers.js';
import { HOSTILE_CORPUS, holdsNul, POSIX_CANARY } from './hostile-corpus.js';

describe('shCommand on an emulated Linux host', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.0.33' });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it.each(HOSTILE_CORPUS.filter((entry) => !holdsNul(entry)).map((entry) => [entry.label, entry.value] as const))(
    'printf of <%s> prints exactly the value, with no side effect',
    async (_label, value) => {
      const result = await exec(client, shCommand(['printf', '%s', value]));
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdoutBytes.equals(Buffer.from(value, 'utf8'))).toBe(true);
      expect(existsSync(test.local(`home/ctlab/${POSIX_CANARY}`))).toBe(false);
    },
  );

  it('runs a command of exactly the longest accepted length (ssh2 servers take no more)', async () => {
    const prefix = 'printf %s ';
    const result = await exec(client, shCommand(['printf', '%s', 'y'.repeat(POSIX_COMMAND_LIMIT_BYTES - prefix.length)]));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toHaveLength(POSIX_COMMAND_LIMIT_BYTES - prefix.length);
  });
});
