// Every lab start serves REST on the lab's port unless its caller chose one; a start outside the lab is left as it is.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startFeedService } from '../../../lab/simulator/feed-service.js';
import { createMemoryLog } from '../../../lab/simulator/sim-log.js';
import { prepareTree } from './tree-service.js';
import { LAB_REST_PORT, withLabRest } from '../../../lab/simulator/lab-rest.js';
import { parseCliArgs } from '../../../lab/simulator/cli-args.js';

describe('the lab REST arguments', () => {
  it("adds --rest-port to a lab launch, keeps a caller's own, and leaves other command lines alone", () => {
    const lab = ['sim.js', '--bin-dir', '/x/bin', '-c', 'a.conf', '--bind-address', '127.0.0.5'];
    const added = withLabRest(lab);
    expect(added).toEqual([...lab, '--lab-rest-port', String(LAB_REST_PORT)]);
    // The simulator reads it as REST on that port with the tree's default data file, optional (a warning if it cannot start).
    expect(parseCliArgs(added.slice(1))).toMatchObject({
      kind: 'run',
      options: { rest: { port: LAB_REST_PORT, dataFile: undefined, optional: true } },
    });
    expect(withLabRest([...lab, '--rest-port', '0'])).toEqual([...lab, '--rest-port', '0']);
    expect(() => parseCliArgs([...added.slice(1), '--rest-port', '1'])).toThrow(/cannot both be given/);
    expect(() => parseCliArgs([...lab.slice(1), '--lab-rest-port', 'x'])).toThrow(/--lab-rest-port expects a port/);
    expect(withLabRest(['-e', 'setTimeout(() => {}, 10)'])).toEqual(['-e', 'setTimeout(() => {}, 10)']);
  });

  it('an optional REST endpoint that cannot start (no web certificate) is a warning; the service runs without it', async () => {
    // 127.0.175.90: this file's address (the e2e spot-check lab holds the start of this block).
    const tree = await prepareTree({ name: 'lab-rest-nocert', version: '4.4', address: '127.0.175.90' });
    try {
      await rm(tree.certFile);
      const log = createMemoryLog();
      const service = await startFeedService({
        configPath: tree.configPath,
        binDir: tree.binDir,
        bindAddress: '127.0.175.90',
        readyDelayMs: 0,
        log,
        rest: { port: 0, optional: true },
      });
      try {
        expect(service.restPort).toBeUndefined();
        expect(service.port).toBeGreaterThan(0);
        expect(log.lines.join('\n')).toMatch(
          /WARN no REST endpoint: HTTPServer: cannot read the certificate .*kl_feed_service_cert\.pem \(ENOENT\)/,
        );
      } finally {
        await service.stop();
      }
    } finally {
      await rm(tree.dir, { recursive: true, force: true });
    }
  });
});
