// The Balancer service's state (REFERENCE 3.4): Linux `cybertrace_balancer.service`, Windows `KasperskyBalancerService`.
import type { BalancerHostFacts } from '../../../shared/contract/ops/balancer-audit.js';
import type { CallOptions, HostDialect } from '../../hosts/dialect/index.js';
import { LinuxDialect } from '../../hosts/linux/linux-dialect.js';
import { psNativeCall } from '../../hosts/quoting/powershell.js';
import { SC, describeScStatus, parseScStatus } from '../../hosts/windows/sc-query.js';
import { WindowsDialect } from '../../hosts/windows/windows-dialect.js';
import { outputLines } from '../../hosts/windows/windows-commands.js';

/** The systemd unit the help names for Balancer on Linux (page 234888). */
export const BALANCER_UNIT = 'cybertrace_balancer.service';
/** The Windows service name the help uses with `sc stop` (page 234888). */
export const BALANCER_WINDOWS_SERVICE = 'KasperskyBalancerService';

/** The documented service name of the Balancer on this kind of host. */
export function balancerServiceName(os: HostDialect['os']): string {
  return os === 'linux' ? BALANCER_UNIT : BALANCER_WINDOWS_SERVICE;
}

/**
 * Reads the Balancer service's state with one command: `systemctl is-active cybertrace_balancer.service`
 * (exit 0 active, 3 not) or `sc.exe query KasperskyBalancerService` (1060: not installed). Anything the
 * host does not say plainly is `unknown`, with what it said.
 */
export async function readBalancerService(dialect: HostDialect, options: CallOptions = {}): Promise<BalancerHostFacts['service']> {
  const name = balancerServiceName(dialect.os);
  try {
    if (dialect instanceof LinuxDialect) {
      const result = await dialect.commands.run(['systemctl', 'is-active', BALANCER_UNIT], options);
      const said = result.stdout.toString('utf8').trim();
      const line = `systemctl is-active ${BALANCER_UNIT}: exit ${result.code ?? 'none'} (${said || result.stderr.toString('utf8').trim() || 'no output'})`;
      if (result.code === 0 && said === 'active') return { name, state: 'running', evidence: line };
      if (result.code === 3 && ['inactive', 'failed', 'deactivating'].includes(said)) return { name, state: 'stopped', evidence: line };
      return { name, state: 'unknown', evidence: line };
    }
    if (dialect instanceof WindowsDialect) {
      const result = await dialect.commands.run(psNativeCall('sc.exe', ['query', BALANCER_WINDOWS_SERVICE]), options);
      if (result.code === SC.noSuchService)
        return {
          name,
          state: 'unknown',
          evidence: `sc.exe query ${BALANCER_WINDOWS_SERVICE}: exit 1060 (no such service: register it with kl_balancer.exe --reg, REFERENCE 3.4)`,
        };
      if (result.code !== 0)
        return {
          name,
          state: 'unknown',
          evidence: `sc.exe query ${BALANCER_WINDOWS_SERVICE}: exit ${result.code ?? 'none'} ${outputLines(result.stdout).join(' ').trim()}`,
        };
      const status = parseScStatus(result.stdout.toString('utf8'));
      const line = `sc.exe query ${BALANCER_WINDOWS_SERVICE}: ${describeScStatus(status)}`;
      if (status.state === 'active') return { name, state: 'running', evidence: line };
      if (status.state === 'inactive' || status.state === 'failed') return { name, state: 'stopped', evidence: line };
      return { name, state: 'unknown', evidence: line };
    }
    return { name, state: 'unknown', evidence: `no service check for this kind of host (${dialect.os})` };
  } catch (error) {
    return {
      name,
      state: 'unknown',
      evidence: `the state of ${name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Stops or starts the Balancer service the documented way (REFERENCE 3.4, 3.6: `systemctl stop|start
 * cybertrace_balancer.service`, `sc stop|start KasperskyBalancerService`), with privilege, then reads the
 * state until it is the wanted one (at most `polls` reads, one a second; one read after a `systemctl` that
 * failed its job). Resolves with the final state.
 */
export async function controlBalancerService(
  dialect: HostDialect,
  action: 'start' | 'stop',
  options: CallOptions & { readonly polls?: number } = {},
): Promise<BalancerHostFacts['service'] & { readonly reached: boolean }> {
  const wanted = action === 'start' ? 'running' : 'stopped';
  let said = '';
  // systemctl waits for its job: a non-zero exit means the job failed, and no later look will find it done.
  let failed = false;
  if (dialect instanceof LinuxDialect) {
    const result = await dialect.commands.run(['systemctl', action, BALANCER_UNIT], { ...options, privileged: true });
    said = `systemctl ${action} ${BALANCER_UNIT}: exit ${result.code ?? 'none'} ${result.stderr.toString('utf8').trim()}`.trim();
    failed = result.code !== 0;
  } else if (dialect instanceof WindowsDialect) {
    const result = await dialect.commands.run(psNativeCall('sc.exe', [action, BALANCER_WINDOWS_SERVICE]), options);
    said = `sc.exe ${action} ${BALANCER_WINDOWS_SERVICE}: exit ${result.code ?? 'none'}`;
  }
  for (let poll = 0; ; poll++) {
    const state = await readBalancerService(dialect, options);
    if (state.state === wanted || failed || poll + 1 >= (options.polls ?? 30))
      return { ...state, evidence: `${said}; now ${state.evidence}`, reached: state.state === wanted };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
