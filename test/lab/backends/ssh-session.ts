import { createHash } from 'node:crypto';
import { Client } from 'ssh2';
import type { SFTPWrapper } from 'ssh2';

/** A logged-in ssh2 session to a lab host, with the small helpers the smoke scenario needs. */
export interface Session {
  readonly hostKeyFingerprint: string;
  exec(command: string, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  readFile(path: string): Promise<string>;
  close(): void;
}

/** Connects with a password and records the host key's SHA256 fingerprint; every wait is bounded. */
export function connectLab(host: string, port: number, user: string, password: string): Promise<Session> {
  const client = new Client();
  let fingerprint = '';
  return new Promise((resolve, reject) => {
    client.once('error', reject);
    client.once('ready', () => {
      let sftp: Promise<SFTPWrapper> | undefined;
      resolve({
        hostKeyFingerprint: fingerprint,
        exec: (command, stdin) =>
          new Promise((done, fail) => {
            client.exec(command, (error, channel) => {
              if (error) return fail(error);
              let stdout = '';
              let stderr = '';
              const timer = setTimeout(() => channel.close(), 30_000);
              channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
              channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
              let code: number | null = null;
              channel.on('exit', (exitCode: number | null) => (code = exitCode));
              // Output can still arrive after 'exit'; 'close' comes last.
              channel.on('close', () => {
                clearTimeout(timer);
                done({ code, stdout, stderr });
              });
              channel.end(stdin);
            });
          }),
        readFile: async (path) => {
          sftp ??= new Promise((done, fail) => client.sftp((error, wrapper) => (error ? fail(error) : done(wrapper))));
          const wrapper = await sftp;
          return new Promise((done, fail) => wrapper.readFile(path, (error, data) => (error ? fail(error) : done(data.toString('utf8')))));
        },
        close: () => client.end(),
      });
    });
    client.connect({
      host,
      port,
      username: user,
      password,
      readyTimeout: 15_000,
      hostVerifier: (key: Buffer) => {
        fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
        return true;
      },
    });
  });
}
