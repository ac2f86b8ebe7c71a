import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import { waitForPong } from '../../../lab/service/controller.js';
import { ctha } from '../../support/ctha.js';
import { labFile } from '../../support/lab.js';
import { listenersOn, mountsMentioning, processesMentioning } from './lab-process.js';
import { connectLab } from './ssh-session.js';

// The same scenario on both backends: log in, read the config over SFTP, stop and start the service, PING.
const backends = [
  { backend: 'emulated', addressBase: '127.0.21.10', skip: undefined },
  { backend: 'openssh', addressBase: '127.0.22.10', skip: opensshUnavailableReason() },
] as const;

const stopCommand = (os: string, serviceDir: string): string =>
  os === 'linux'
    ? 'sudo -S -p "" systemctl stop cybertrace.service'
    : encoded(`& '${serviceDir}\\bin\\kl_control.bat' stop; exit $LASTEXITCODE`);
const startCommand = (os: string, serviceDir: string): string =>
  os === 'linux'
    ? 'sudo -S -p "" systemctl start cybertrace.service'
    : encoded(`& '${serviceDir}\\bin\\kl_control.bat' start; exit $LASTEXITCODE`);
const configPath = (os: string, serviceDir: string): string =>
  os === 'linux' ? `${serviceDir}/etc/kl_feed_service.conf` : `/C:/${serviceDir.slice(3).replace(/\\/g, '/')}/bin/kl_feed_service.conf`;

function encoded(script: string): string {
  return `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${Buffer.from(script, 'utf16le').toString('base64')}`;
}

for (const { backend, addressBase, skip } of backends) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`lab on the ${backend} backend`, () => {
    const parent = mkdtempSync(join(tmpdir(), `ctha-lab-${backend}-`));
    // mkdtemp makes 0700 folders; the lab's login user must be able to pass through to its home.
    chmodSync(parent, 0o755);
    const dir = join(parent, 'lab');
    let lab: LabFile;

    beforeAll(() => {
      // 4.1 gives the Windows host kl_control.bat; Linux hosts use systemctl whatever the version.
      const up = ctha(
        'lab',
        'up',
        '--out',
        dir,
        '--linux',
        '1',
        '--windows',
        '1',
        '--backend',
        backend,
        '--version',
        '4.1',
        '--address-base',
        addressBase,
        '--ready-delay-ms',
        '300',
      );
      if (up.status !== 0) throw new Error(`lab up failed: ${up.stderr}${up.stdout}`);
      lab = labFile(dir);
    }, 180_000);
    afterAll(() => {
      if (existsSync(join(dir, 'lab.json'))) ctha('lab', 'down', dir);
    }, 60_000);

    it(title('writes a valid project, known_hosts and lab.json, and every service answers PONG'), async () => {
      expect(ctha('validate', lab.projectPath).status).toBe(0);
      const knownHosts = readFileSync(lab.knownHostsPath, 'utf8');
      for (const host of lab.hosts) {
        expect(knownHosts).toContain(host.hostPublicKey);
        expect(await waitForPong(host.instance.address, host.instance.inputPort, 5_000)).toBe(true);
      }
      expect(ctha('lab', 'status', dir).status).toBe(0);
    });

    it(
      title('smoke: log in, read the config over SFTP, stop and start the service, PING'),
      async () => {
        for (const host of lab.hosts) {
          const { instance } = host;
          const session = await connectLab(instance.address, instance.sshPort, lab.credentials.user, lab.credentials.password);
          try {
            expect(session.hostKeyFingerprint).toBe(host.hostKeyFingerprint);
            const config = await session.readFile(configPath(instance.os, instance.serviceDir));
            expect(config).toContain('<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>');
            const stdin = instance.os === 'linux' ? `${lab.credentials.password}\n` : undefined;
            const stopped = await session.exec(stopCommand(instance.os, instance.serviceDir), stdin);
            expect(stopped.code, `${instance.name} stop: ${stopped.stderr}`).toBe(0);
            expect(await waitForPong(instance.address, instance.inputPort, 1_000)).toBe(false);
            const started = await session.exec(startCommand(instance.os, instance.serviceDir), stdin);
            expect(started.code, `${instance.name} start: ${started.stderr}`).toBe(0);
            expect(await waitForPong(instance.address, instance.inputPort, 15_000)).toBe(true);
            const unknown = await session.exec(instance.os === 'linux' ? 'frobnicate --now' : 'frobnicate.exe /now');
            expect(unknown.code).not.toBe(0);
            expect(unknown.stderr).not.toBe('');
          } finally {
            session.close();
          }
        }
      },
      90_000,
    );

    if (backend === 'openssh') {
      it(title('a plain OpenSSH client logs into the Linux host with the lab key'), () => {
        const linux = lab.hosts.find((host) => host.instance.os === 'linux');
        if (!linux) throw new Error('no Linux host');
        const known = join(dir, 'known_hosts');
        const output = execFileSync(
          'ssh',
          [
            '-i',
            lab.credentials.privateKeyPath,
            '-o',
            'BatchMode=yes',
            '-o',
            `UserKnownHostsFile=${known}`,
            '-o',
            'StrictHostKeyChecking=yes',
            '-o',
            'ConnectTimeout=10',
            `${lab.credentials.user}@${linux.instance.address}`,
            'id -un; systemctl is-active cybertrace.service; sudo -n true 2>&1; head -c 5 /opt/kaspersky/ktfs/etc/kl_feed_service.conf',
          ],
          { encoding: 'utf8', timeout: 30_000 },
        );
        expect(output).toContain('ctlab\nactive\nsudo: a password is required\n<?xml');
      });
    }

    it(
      title('lab down leaves no process, listening port, mount or file behind'),
      () => {
        const addresses = [lab.balancer.address, ...lab.hosts.map((host) => host.instance.address)];
        expect(listenersOn(addresses).length).toBeGreaterThan(0);
        const down = ctha('lab', 'down', dir);
        expect(down.status, down.stderr).toBe(0);
        expect(processesMentioning(dir)).toEqual([]);
        expect(listenersOn(addresses)).toEqual([]);
        expect(mountsMentioning(dir)).toEqual([]);
        expect(existsSync(dir)).toBe(false);
      },
      60_000,
    );
  });
}
