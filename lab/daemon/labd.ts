// Entry of dist/lab/labd.js: the lab's long-running process. `ctha lab up` starts it detached with the
// lab folder as its argument; it serves the emulated hosts, owns the OpenSSH namespaces and the alert
// port, and undoes everything on SIGTERM (`ctha lab down`).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabFile } from '../orchestrator/lab-file.js';
import { labFilePath } from '../orchestrator/lab-file.js';
import { LabOptionsSchema } from '../orchestrator/lab-options.js';
import type { RunningLab } from '../orchestrator/run-lab.js';
import { runLab } from '../orchestrator/run-lab.js';

const dir = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
const log = (text: string): void => void process.stdout.write(`${new Date().toISOString()} ${text}\n`);

async function main(labDir: string): Promise<void> {
  const options = LabOptionsSchema.parse(JSON.parse(await readFile(join(labDir, 'lab-request.json'), 'utf8')));
  let lab: RunningLab | undefined;
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await lab?.stop();
    if (lab) await writeStatus(labDir, { ...lab.file, status: 'stopped' });
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  try {
    lab = await runLab(
      options,
      { nodePath: process.execPath, simulatorPath: join(here, 'kl_feed_service.js'), systemctlPath: join(here, 'systemctl.js') },
      process.pid,
    );
    log(`running: ${lab.file.hosts.map((host) => `${host.instance.name}@${host.instance.address}:${host.instance.sshPort}`).join(', ')}`);
    if (stopping) await lab.stop();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`failed: ${message}`);
    await writeFile(
      labFilePath(labDir),
      `${JSON.stringify({ labFileVersion: 1, status: 'failed', error: message, daemonPid: process.pid })}\n`,
    );
    process.exit(1);
  }
}

async function writeStatus(labDir: string, file: LabFile): Promise<void> {
  await writeFile(labFilePath(labDir), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

if (dir === undefined) {
  process.stderr.write('usage: labd.js LAB_DIR\n');
  process.exitCode = 1;
} else {
  await main(dir);
}
