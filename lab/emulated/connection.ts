// One SSH connection: authentication, then session channels (exec and sftp) up to MaxSessions.
import type { Connection } from 'ssh2';
import type { Authenticator } from './auth.js';
import type { SessionContext } from './context.js';
import { runExec } from './exec.js';
import { answerLater } from './faults.js';
import { serveSftp } from './sftp/serve.js';
import { rejectLikeOpenSsh } from './ssh2-internals.js';

/** OpenSSH's default MaxSessions: open session channels per connection. */
export const MAX_SESSIONS = 10;

/** Serves one authenticated-or-not SSH connection. Shells, ptys and forwarding are refused. */
export function serveConnection(connection: Connection, auth: Authenticator, session: SessionContext): void {
  const faults = session.host.faults;
  let open = 0;
  // Channel answers wait for the slow fault; a client gone by then is no error.
  const later = (answer: () => void): void =>
    answerLater(faults, () => {
      try {
        answer();
      } catch {
        // The connection closed while the answer was delayed.
      }
    });
  connection.on('error', () => undefined);
  connection.on('authentication', (ctx) => auth.handle(ctx));
  connection.on('ready', () => {
    connection.on('session', (accept, reject) => {
      later(() => {
        if (open >= MAX_SESSIONS) return rejectLikeOpenSsh(connection, reject);
        const channel = accept();
        if (!channel) return;
        open += 1;
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          open -= 1;
        };
        // OpenSSH accepts LANG and LC_* (Debian's AcceptEnv); the emulated tools ignore the locale.
        channel.on('env', (ok, refuse, info) => (/^(LANG|LC_\w+)$/.test(info.key) ? ok?.() : refuse?.()));
        channel.on('exec', (acceptExec, _rejectExec, info) => {
          later(() => {
            const exec = acceptExec();
            if (!exec) return release();
            exec.on('close', release);
            runExec(exec, info.command, session);
          });
        });
        channel.on('sftp', (acceptSftp) => {
          later(() => {
            const sftp = acceptSftp();
            if (!sftp) return release();
            sftp.on('close', release);
            serveSftp(sftp, session);
          });
        });
      });
    });
  });
}
