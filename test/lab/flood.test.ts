import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEC_OUTPUT_CAP_BYTES } from '../../engine/ssh/session/index.js';
import type { SshSession } from '../../engine/ssh/session/index.js';
import { openSession } from '../../engine/ssh/session/index.js';
import { hostPathToLocal } from '../../lab/host-paths.js';
import { FLOOD_BLOCK_BYTES, flood } from '../../lab/emulated/faults.js';
import { opensshUnavailableReason } from '../../lab/openssh/preflight.js';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';
import { hostTreeLayout } from '../../lab/trees/tree-layout.js';
import { sessionDeps } from '../engine/hosts/helpers.js';
import type { TestLab } from '../support/lab.js';
import { startLab } from '../support/lab.js';

// The lab's `flood` fault: the emulated generator's backpressure, and the OpenSSH backend's login shell
// (127.0.152.10-11).

/** A sink that accepts `accept` writes and then never completes another one (a client that stopped reading). */
function stuckSink(accept: number, highWaterMark: number): { sink: Writable; received: () => number } {
  let received = 0;
  let writes = 0;
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      writes += 1;
      if (writes <= accept) callback();
    },
  });
  return { sink, received: () => received };
}

describe('flood() on the emulated host', () => {
  it('stops writing while the stream is full: the emulator holds at most a buffer and a block, however long the flood', async () => {
    const { sink, received } = stuckSink(3, 16 * 1024);
    const done = flood(sink, Number.POSITIVE_INFINITY);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Three completed writes, one in progress, then nothing more queued than the high-water mark allows.
    expect(received()).toBeLessThanOrEqual(4 * FLOOD_BLOCK_BYTES);
    expect(sink.writableLength).toBeLessThanOrEqual(16 * 1024 + FLOOD_BLOCK_BYTES);
    sink.destroy();
    const sent = await done;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(5 * FLOOD_BLOCK_BYTES);
  });

  it('a finite flood sends exactly floodBytes', async () => {
    let total = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        total += chunk.length;
        setImmediate(callback);
      },
    });
    expect(await flood(sink, 1_000_003)).toBe(1_000_003);
    expect(total).toBe(1_000_003);
  });
});

const skip = opensshUnavailableReason();
const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

describe.skipIf(skip !== undefined)(title('flood on a real OpenSSH lab host'), () => {
  let testLab: TestLab | undefined;
  let lab: LabFile;
  let session: SshSession | undefined;

  beforeAll(async () => {
    testLab = startLab('127.0.152.10', ['--linux', '1', '--windows', '0', '--backend', 'openssh', '--fault', 'ct-linux-1:flood']);
    lab = testLab.file;
    const host = lab.hosts[0];
    if (!host) throw new Error('the lab has no host');
    const deps = sessionDeps(lab.credentials.password, host.hostPublicKey, {
      timeouts: { readyMs: 10_000, commandMs: 20_000, closeGraceMs: 1_000 },
    });
    session = await openSession(
      { instance: host.instance.name, host: host.instance.address, port: 22, user: lab.credentials.user, auth: { method: 'password' } },
      deps.deps,
    );
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    testLab?.down();
  }, 60_000);

  it('every command answers with an endless stream: the engine stops at the cap with output-too-large', async () => {
    if (!session) throw new Error('no session');
    const started = Date.now();
    await expect(session.exec('id -un')).rejects.toMatchObject({ code: 'output-too-large', limitBytes: EXEC_OUTPUT_CAP_BYTES });
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect.poll(() => session?.stats().open, { timeout: 5_000 }).toBe(0);
  });

  it('SFTP is not flooded (internal-sftp never starts the login shell): a config reads byte for byte', async () => {
    if (!session) throw new Error('no session');
    const host = lab.hosts[0];
    if (!host) throw new Error('the lab has no host');
    const conf = hostTreeLayout(host.instance).serviceConf;
    expect((await session.readFile(conf)).equals(readFileSync(hostPathToLocal(host.instance, conf)))).toBe(true);
  });
});
