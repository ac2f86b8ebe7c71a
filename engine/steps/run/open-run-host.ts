// Opens one host of a run the way the pre-checks do: session through the run's host-key review, dialect, privilege.
import { openDialect } from '../../hosts/dialect/index.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import type { HostKeyReview } from '../../ssh/host-keys/host-key-review.js';
import { describeRefusal } from '../../ssh/host-keys/refusal.js';
import type { SessionDeps, SshSession } from '../../ssh/session/index.js';
import { isSessionError, openSession } from '../../ssh/session/index.js';
import { gateSession } from './gate-session.js';
import type { RunControl } from './run-control.js';
import type { RunHost, RunOutcome, RunStage } from './run-types.js';

/** What opening one host needs from the run. */
export type OpenHostDeps = Omit<SessionDeps, 'verifyHostKey'>;

/**
 * Logs in to one host, detects its OS (checked against the project) and privilege; never throws for the host's
 * failure. With `control`, the session refuses new operations once the run is cancelled (gateSession).
 */
export async function openRunHost<H extends RunHost>(
  host: H,
  review: HostKeyReview,
  deps: OpenHostDeps,
  control?: RunControl,
): Promise<RunOutcome<H>> {
  const failed = (stage: RunStage, reason: string): RunOutcome<H> => ({
    ok: false,
    instance: host,
    stage,
    reason: deps.redactor.redact(reason),
  });
  let session: SshSession;
  try {
    session = await openSession(
      { instance: host.name, host: host.host, port: host.port, user: host.user, auth: host.auth },
      // The pinned key types first: a host pinned with RSA or ECDSA would otherwise present ed25519 and trip "changed".
      {
        ...deps,
        verifyHostKey: (address, port, key) => review.verify(address, port, key),
        hostKeyAlgorithms: review.hostKeyAlgorithms(host.host, host.port),
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const refusal = review.refusals.find((entry) => entry.instance === host.name || (entry.host === host.host && entry.port === host.port));
    if (isSessionError(error, 'host-key-rejected') || refusal) return failed('host-key', refusal ? describeRefusal(refusal) : message);
    if (isSessionError(error, 'connection-failed')) return failed('connect', message);
    return failed('authentication', message);
  }
  if (control !== undefined) session = gateSession(session, control, host.name);
  let dialect: HostDialect;
  try {
    dialect = await openDialect(session, { expectedOs: host.os });
  } catch (error) {
    await session.close();
    return failed('os-shell', error instanceof Error ? error.message : String(error));
  }
  try {
    const privilege = await dialect.detectPrivilege(host.privilege);
    return { ok: true, instance: host, session, dialect, privilege };
  } catch (error) {
    // The probe itself failed (lost connection, timeout): the host is not usable for this run.
    await session.close();
    return failed('connect', `privilege probe failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
