// A stand-in SSH host for host-key tests: any set of host keys (the lab hosts offer one), a password
// login, and no shell (every command answers "not found"), so a run gets past the host key and login only.
import ssh2 from 'ssh2';
import { fingerprintOf } from '../../../engine/ssh/host-keys/fingerprint.js';

const { Server, utils } = ssh2;
/** The only user the stand-in host lets in. */
export const USER = 'ctlab';
/** Its password. */
export const PASSWORD = 'stand-in-host-test';

/** A running stand-in host. */
export interface StandInHost {
  readonly port: number;
  /** Users that logged in, one entry per login. */
  readonly logins: string[];
  stop(): Promise<void>;
}

/** The `SHA256:` fingerprint and type of an OpenSSH public key line. */
export function pinOf(publicLine: string): { type: string; fingerprint: string } {
  const parsed = utils.parseKey(publicLine);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error('no key');
  return { type: key.type, fingerprint: fingerprintOf(key.getPublicSSH()) };
}

/** A host with several host keys that lets the password in and answers every command "not found" (no shell here). */
export async function startStandInHost(address: string, hostKeys: readonly string[]): Promise<StandInHost> {
  const logins: string[] = [];
  const server = new Server({ hostKeys: [...hostKeys] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === USER && ctx.password === PASSWORD) {
        logins.push(ctx.username);
        ctx.accept();
      } else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec) => {
          const stream = acceptExec();
          stream.stderr.write('sh: not found\n');
          stream.exit(127);
          stream.end();
        });
        session.on('subsystem', (_accept, reject) => reject());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;
  return { port, logins, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
