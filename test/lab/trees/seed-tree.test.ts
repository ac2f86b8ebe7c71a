import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { seedTree } from '../../../lab/trees/seed-tree.js';
import { BALANCER, labInstance, snapshot } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-seed-'));
});

const OPTIONS = { balancer: BALANCER, simulatorPath: '/lab/simulator.js', nodePath: '/usr/bin/node' };

async function put(path: string, content: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
}

describe('seedTree', () => {
  it('replaces generated Linux files with the seed files of that instance, byte for byte', async () => {
    const instance = labInstance('linux', '4.4', join(dir, 'root'));
    await generateHostTree(instance, OPTIONS);
    const before = await snapshot(instance.rootDir);
    const real = '<?xml version="1.0"?>\r\n<Settings><EULA>accepted</EULA></Settings>\r\n';
    await put(join(dir, 'seeds', 'ct1', 'opt', 'kaspersky', 'ktfs', 'etc', 'kl_feed_util.conf'), real);
    await put(join(dir, 'seeds', 'ct2', 'opt', 'kaspersky', 'ktfs', 'etc', 'kl_feed_service.conf'), 'not for ct1');

    expect(await seedTree(instance, join(dir, 'seeds'))).toEqual(['/opt/kaspersky/ktfs/etc/kl_feed_util.conf']);
    const after = await snapshot(instance.rootDir);
    expect(after.get('opt/kaspersky/ktfs/etc/kl_feed_util.conf')?.toString('utf8')).toBe(real);
    after.delete('opt/kaspersky/ktfs/etc/kl_feed_util.conf');
    before.delete('opt/kaspersky/ktfs/etc/kl_feed_util.conf');
    expect(after).toEqual(before);
  });

  it('reads a Windows seed below its drive-letter folder, and adds files the tree did not have', async () => {
    const instance = labInstance('windows', '5.1', join(dir, 'root'));
    await generateHostTree(instance, OPTIONS);
    const bin = join(dir, 'seeds', 'ct1', 'C', 'Program Files', 'Kaspersky Lab', 'Kaspersky CyberTrace', 'bin');
    await put(join(bin, 'kl_feed_service.conf'), '\uFEFF<Real/>\r\n');
    await put(join(bin, 'kl_feed_util_diff.conf'), '<Settings/>\r\n');
    expect(await seedTree(instance, join(dir, 'seeds'))).toEqual([
      'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.conf',
      'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_util_diff.conf',
    ]);
    const local = join(instance.rootDir, 'C', 'Program Files', 'Kaspersky Lab', 'Kaspersky CyberTrace', 'bin', 'kl_feed_service.conf');
    expect(await readFile(local, 'utf8')).toBe('\uFEFF<Real/>\r\n');
  });

  it('does nothing without a seed folder for the instance, and refuses a Windows seed outside a drive folder', async () => {
    const instance = labInstance('windows', '4.1', join(dir, 'root'));
    expect(await seedTree(instance, join(dir, 'none'))).toEqual([]);
    await put(join(dir, 'seeds', 'ct1', 'Program Files', 'x.conf'), 'x');
    await expect(seedTree(instance, join(dir, 'seeds'))).rejects.toThrow(
      'a Windows seed path must start with a drive-letter folder such as C/: Program Files/x.conf',
    );
  });
});
