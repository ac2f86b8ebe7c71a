// `kl_feed_service -v` on the lab (REFERENCE 2.1 documents `-v` as "version", not its output): the simulator
// prints the version the lab gives it, the Linux launcher passes it on, and the engine's parser reads it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseVersionOutput } from '../../../engine/cybertrace/discovery/service-version.js';
import { parseCliArgs, UsageError, versionLine } from '../../../lab/simulator/cli-args.js';
import { linuxLauncher } from '../../../lab/trees/service-binaries.js';
import { bundleSimulator } from './bundle-simulator.js';

let simulator: string;
beforeAll(async () => {
  simulator = await bundleSimulator();
});

const run = (file: string, args: readonly string[]) => spawnSync(file, args, { encoding: 'utf8', timeout: 10_000 });

describe('the simulator answers -v', () => {
  it('prints the lab version it was given, wherever -v stands, and the engine reads that number back', () => {
    const answer = run(process.execPath, [simulator, '--bin-dir', tmpdir(), '--lab-version', '4.4', '-v']);
    expect(answer.status).toBe(0);
    expect(answer.stdout).toBe('Kaspersky CyberTrace Service 4.4 (CyberTrace HA lab simulator)\n');
    expect(parseVersionOutput(answer.stdout)).toEqual({
      version: '4.4',
      line: 'Kaspersky CyberTrace Service 4.4 (CyberTrace HA lab simulator)',
    });
    expect(run(process.execPath, [simulator, '-v', '--lab-version', '5.1']).stdout).toBe(`${versionLine('5.1')}\n`);
  });

  it('without a lab version prints no number at all, so nothing reads a made-up one', () => {
    const answer = run(process.execPath, [simulator, '-v']);
    expect(answer.status).toBe(0);
    expect(answer.stdout).toMatch(/lab simulator/);
    expect(parseVersionOutput(answer.stdout)).toBeUndefined();
  });

  it('refuses a lab version that is not a dotted number, with the reason (exit 2)', () => {
    expect(() => parseCliArgs(['--lab-version', '4.4; rm -rf /', '-v'])).toThrow(UsageError);
    const answer = run(process.execPath, [simulator, '--lab-version', 'four', '-v']);
    expect(answer.status).toBe(2);
    expect(answer.stderr).toContain('--lab-version expects a dotted version such as 4.4, got four');
  });

  it("the Linux launcher passes the lab's version on, so `bin/kl_feed_service -v` prints it", () => {
    const bin = mkdtempSync(join(tmpdir(), 'ctha-launcher-'));
    const launcher = join(bin, 'kl_feed_service');
    writeFileSync(launcher, linuxLauncher(process.execPath, simulator, '5.1'));
    chmodSync(launcher, 0o755);
    expect(run(launcher, ['-v']).stdout).toBe('Kaspersky CyberTrace Service 5.1 (CyberTrace HA lab simulator)\n');
    writeFileSync(launcher, linuxLauncher(process.execPath, simulator));
    expect(parseVersionOutput(run(launcher, ['-v']).stdout)).toBeUndefined();
  });
});

describe('parseVersionOutput', () => {
  it('takes the first line holding a dotted number, trimmed, and cuts a long line', () => {
    expect(parseVersionOutput('\uFEFFKaspersky CyberTrace\r\n  version 5.1.0.123 build x  \r\n6.0\r\n')).toEqual({
      version: '5.1.0.123',
      line: 'version 5.1.0.123 build x',
    });
    expect(parseVersionOutput('no number here\nv4\n')).toBeUndefined();
    const long = parseVersionOutput(`4.4 ${'x'.repeat(500)}`);
    expect(long?.version).toBe('4.4');
    expect(long?.line.length).toBe(201);
  });
});
