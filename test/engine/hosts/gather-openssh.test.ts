import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import type { HostDialect } from '../../../engine/hosts/dialect/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import type { LabInstance } from '../../../lab/spec.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { HOSTILE_CORPUS, POSIX_CANARY } from '../quoting/hostile-corpus.js';
import { sessionDeps } from './helpers.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

// gather against Debian's real sh (dash), coreutils base64 and sudo (127.0.110.30).
const skip = opensshUnavailableReason();
const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

describe.skipIf(skip !== undefined)(title('gather against a real OpenSSH lab host'), () => {
  let testLab: TestLab | undefined;
  let lab: LabFile;
  let instance: LabInstance;
  const local = (hostPath: string): string => hostPathToLocal(instance, hostPath);
  const opened: SshSession[] = [];

  async function connect(
    options: { sudoPassword?: string; probePrivilege?: boolean } = {},
  ): Promise<{ session: SshSession; transcript: MemoryTranscript; dialect: HostDialect }> {
    const host = lab.hosts[0];
    if (!host) throw new Error('the lab has no host');
    const deps = sessionDeps(lab.credentials.password, host.hostPublicKey);
    const session = await openSession(
      { instance: instance.name, host: instance.address, port: 22, user: lab.credentials.user, auth: { method: 'password' } },
      deps.deps,
    );
    opened.push(session);
    const sudoPassword = options.sudoPassword;
    const dialect = await openDialect(session, {
      expectedOs: 'linux',
      ...(options.probePrivilege === undefined ? {} : { probePrivilege: options.probePrivilege }),
      ...(sudoPassword === undefined ? {} : { sudoPassword: () => Promise.resolve(sudoPassword) }),
    });
    return { session, transcript: deps.transcript, dialect };
  }
  const execs = (transcript: MemoryTranscript): number => transcript.entries().filter((entry) => entry.kind === 'exec').length;

  beforeAll(() => {
    testLab = startLab('127.0.110.30', ['--linux', '1', '--windows', '0', '--backend', 'openssh']);
    lab = testLab.file;
    const host = lab.hosts[0];
    if (!host) throw new Error('the lab has no host');
    instance = host.instance;
  }, 300_000);

  afterAll(async () => {
    for (const session of opened) await session.close();
    testLab?.down();
  }, 60_000);

  it('privilege known: configs, a 0600 root file and a 0700 root licence folder in one command through sudo -S', async () => {
    const { dialect, transcript } = await connect();
    expect((await dialect.detectPrivilege()).detected).toBe('sudo-password');
    const layout = hostTreeLayout(instance);
    const licDir = dialect.paths.dirname(layout.licenseKey);
    chmodSync(local(licDir), 0o700);
    try {
      const before = execs(transcript);
      const result = await dialect.gather({
        files: [layout.serviceConf, layout.feedUtilConf, layout.webKey, `${licDir}/missing.key`],
        dirs: [{ path: licDir, suffix: '.key' }],
      });
      expect(execs(transcript) - before).toBe(1);
      for (const path of [layout.serviceConf, layout.feedUtilConf, layout.webKey])
        expect(result.files.get(path)?.equals(readFileSync(local(path))), path).toBe(true);
      expect(result.files.get(`${licDir}/missing.key`)).toBeUndefined();
      const keys = result.dirs.get(licDir);
      expect([...(keys?.keys() ?? [])]).toEqual(
        readdirSync(local(licDir))
          .filter((name) => name.endsWith('.key'))
          .sort(),
      );
      expect(keys?.get('LAB00001.key')?.equals(readFileSync(local(layout.licenseKey)))).toBe(true);
      expect(JSON.stringify(transcript.toJSON())).not.toContain(lab.credentials.password);
    } finally {
      chmodSync(local(licDir), 0o755);
    }
  });

  it('a folder the user may not search: files behind it are read as root, a missing one behind it is missing', async () => {
    const { dialect } = await connect();
    await dialect.detectPrivilege();
    const closed = '/opt/kaspersky/ktfs/ctha-closed';
    mkdirSync(local(`${closed}/inner`), { recursive: true });
    writeFileSync(local(`${closed}/inner/x.conf`), 'behind a closed door\n');
    chmodSync(local(closed), 0o700);
    try {
      const result = await dialect.gather({ files: [`${closed}/inner/x.conf`, `${closed}/inner/none.conf`, `${closed}/no/such.conf`] });
      expect(result.files.get(`${closed}/inner/x.conf`)?.toString()).toBe('behind a closed door\n');
      expect(result.files.get(`${closed}/inner/none.conf`)).toBeUndefined();
      expect(result.files.get(`${closed}/no/such.conf`)).toBeUndefined();
    } finally {
      chmodSync(local(closed), 0o755);
    }
  });

  it('privilege not probed yet: a refused read probes, then gathers again with sudo', async () => {
    const { dialect, transcript } = await connect({ probePrivilege: false });
    const key = hostTreeLayout(instance).webKey;
    const result = await dialect.gather({ files: [key] });
    expect(result.files.get(key)?.equals(readFileSync(local(key)))).toBe(true);
    expect(
      transcript
        .entries()
        .filter((entry) => entry.kind === 'exec')
        .map((entry) => entry.exitCode),
    ).toHaveLength(6);
  });

  it("no root access (a wrong sudo password): the root-only file is named, permission denied, with the probe's answer", async () => {
    const { dialect } = await connect({ sudoPassword: 'not the password' });
    const key = hostTreeLayout(instance).webKey;
    await expect(dialect.gather({ files: [key] })).rejects.toMatchObject({
      reason: 'permission-denied',
      message: expect.stringMatching(new RegExp(`${key}: permission denied \\(no root access: uid 64123; sudo -n true: exit 1`)),
    });
  });

  it('hostile names and suffixes are data for dash and sudo too: read back exactly, nothing executed', async () => {
    const { dialect, session } = await connect();
    await dialect.detectPrivilege();
    const base = '/opt/kaspersky/ktfs/ctha-hostile';
    mkdirSync(local(base), { recursive: true });
    chmodSync(local(base), 0o700);
    const names = HOSTILE_CORPUS.map(({ value }) => value).filter(
      (value) =>
        value !== '' && value !== '.' && value !== '..' && !value.includes('\0') && !value.includes('/') && Buffer.byteLength(value) <= 200,
    );
    const files = names.map((name, index) => {
      writeFileSync(local(`${base}/${name}`), `content ${index}`);
      return `${base}/${name}`;
    });
    try {
      // The folder is root's 0700: every read goes through `sudo sh -c`, a second level of quoting.
      const result = await dialect.gather({ files, dirs: [{ path: base, suffix: "'; touch x; '" }] });
      files.forEach((path, index) => expect(result.files.get(path)?.toString(), JSON.stringify(names[index])).toBe(`content ${index}`));
      for (const suffix of names.slice(0, 10)) {
        const listed = (await dialect.gather({ files: [], dirs: [{ path: base, suffix }] })).dirs.get(base);
        expect([...(listed?.keys() ?? [])].sort(), JSON.stringify(suffix)).toEqual(names.filter((name) => name.endsWith(suffix)).sort());
      }
      const home = (await session.exec('pwd')).stdout.toString().trim();
      expect(existsSync(local(`${base}/${POSIX_CANARY}`))).toBe(false);
      expect((await session.exec(`test -e ${home}/${POSIX_CANARY}; echo $?`)).stdout.toString()).toBe('1\n');
    } finally {
      chmodSync(local(base), 0o755);
    }
  });
});
