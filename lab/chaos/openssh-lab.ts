// The chaos run's OpenSSH part: a `ctha lab up --backend openssh` lab (Debian's sshd, real sudo, the
// systemctl stand-in), its trees reset between iterations like the emulated ones. Its faults are fixed
// for the lab's lifetime (mount namespaces, the relay), so the dice deal only drift and cut points.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../engine/app/package-root.js';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import { applyDrift } from '../drift/apply-drift.js';
import type { LabFile } from '../orchestrator/lab-file.js';
import { createServiceController, waitForPong } from '../service/controller.js';
import { serviceFiles } from '../service/service-files.js';
import type { ChaosCluster, ChaosHost, ChaosLab } from './chaos-lab.js';
import type { ChaosService } from './chaos-service.js';
import { restoreTree, snapshotTree } from './tree-snapshot.js';

/** The OpenSSH part's lab: three Linux 4.4 hosts on real sshd (127.0.171.11-13) and an emulated Windows one (.14); ct-linux-2 drops mid-write once, ct-linux-3 refuses to start a changed config. */
export const OPENSSH_FAULTS = ['ct-linux-2:drop-mid-write', 'ct-linux-3:refuse-start'] as const;
const ADDRESS_BASE = '127.0.171.10';
const READY_DELAY_MS = 100;

/** Starts the OpenSSH lab through the built `ctha lab up` (root, sshd and the other tools must be there). */
export async function startOpensshChaosLab(): Promise<ChaosLab> {
  const root = packageRoot();
  const parent = mkdtempSync(join(tmpdir(), 'ctha-chaos-openssh-'));
  // sshd reads the lab user's keys as that user: the folders above the lab must let it pass.
  chmodSync(parent, 0o755);
  const dir = join(parent, 'lab');
  const cli = join(root, 'dist', 'cli', 'ctha.js');
  const faults = OPENSSH_FAULTS.flatMap((fault) => ['--fault', fault]);
  const up = spawnSync(
    process.execPath,
    [
      cli,
      'lab',
      'up',
      '--out',
      dir,
      '--backend',
      'openssh',
      '--linux',
      '3',
      '--windows',
      '1',
      '--version',
      '4.4',
      '--drift',
      'none',
      '--address-base',
      ADDRESS_BASE,
      '--ready-delay-ms',
      String(READY_DELAY_MS),
      ...faults,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  const down = (): void => {
    spawnSync(process.execPath, [cli, 'lab', 'down', dir], { encoding: 'utf8', timeout: 120_000 });
    rmSync(parent, { recursive: true, force: true });
  };
  if (up.status !== 0) {
    down();
    throw new Error(`ctha lab up --backend openssh failed: ${up.stderr}${up.stdout}`);
  }
  try {
    const file = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as LabFile;
    // Pin the hosts' keys, so no run asks for a review.
    const opened = await readProjectFile(file.projectPath);
    const hostKeys = file.hosts.map((record) => ({
      host: record.instance.address,
      port: record.instance.sshPort,
      type: 'ssh-ed25519',
      fingerprint: record.hostKeyFingerprint,
    }));
    await writeProjectFile(file.projectPath, { ...opened.project, hostKeys });
    const programs = {
      simulatorPath: join(root, 'dist', 'lab', 'kl_feed_service.js'),
      nodePath: process.execPath,
      readyDelayMs: READY_DELAY_MS,
    };
    const hosts: ChaosHost[] = file.hosts.map((record) => {
      const controller = createServiceController(record.instance, programs);
      // Faults are the lab's own here: arming and disarming have nothing to switch.
      const service: ChaosService = { ...controller, armRefuseStart: () => undefined, disarm: () => undefined };
      return { instance: record.instance, service, seed: snapshotTree(record.instance.rootDir), fault: undefined };
    });
    const cluster: ChaosCluster = {
      shape: { name: 'openssh', version: '4.4', linux: 3, windows: 1, addressBase: ADDRESS_BASE },
      projectPath: file.projectPath,
      hosts,
    };
    return {
      dir,
      password: file.credentials.password,
      clusters: [cluster],
      async reset(target, drift) {
        for (const host of target.hosts) {
          restoreTree(host.seed);
          for (const preset of drift.find((entry) => entry.instance === host.instance.name)?.presets ?? [])
            await applyDrift(host.instance, preset);
          // refuse-start compares with the config "as installed": this iteration's drifted config is it.
          const files = serviceFiles(host.instance);
          if (host.instance.faults.some((fault) => fault.kind === 'refuse-start'))
            writeFileSync(files.baselineFile, `${createHash('sha256').update(readFileSync(files.configPath)).digest('hex')}\n`);
        }
        await rm(`${target.projectPath.slice(0, -'.ctha.json'.length)}.ctha-journal.json`, { force: true });
        await Promise.all(
          target.hosts.map(async (host) => {
            await host.service.stop();
            const started = await host.service.start();
            if (!started.ok)
              throw new Error(`openssh/${host.instance.name}: the service did not start after the reset: ${started.message}`);
            if (!(await waitForPong(host.instance.address, host.instance.inputPort, 10_000)))
              throw new Error(`openssh/${host.instance.name}: no PONG after the reset`);
          }),
        );
      },
      setFault() {
        return Promise.reject(new Error('the OpenSSH lab has fixed faults'));
      },
      stop() {
        down();
        return Promise.resolve();
      },
    };
  } catch (error) {
    down();
    throw error;
  }
}
