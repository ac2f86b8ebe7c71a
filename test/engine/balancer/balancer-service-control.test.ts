// Starting and stopping the Balancer service (engine/cybertrace/balancer/balancer-service.ts) against a stand-in
// Linux host: systemctl waits for its job, so a failed job is read once, not polled for half a minute.
import { describe, expect, it } from 'vitest';
import { controlBalancerService } from '../../../engine/cybertrace/balancer/balancer-service.js';
import { LinuxDialect } from '../../../engine/hosts/linux/linux-dialect.js';
import type { ExecResult } from '../../../engine/ssh/session/types.js';

/** A Linux host whose `systemctl start` exits with `startCode` and whose unit stays `inactive` or becomes `active`. */
function standInHost(startCode: number, activeAfterStart: boolean) {
  const commands: string[] = [];
  let active = false;
  const answer = (code: number, stdout = '', stderr = ''): ExecResult => ({
    code,
    signal: null,
    stdout: Buffer.from(stdout),
    stderr: Buffer.from(stderr),
    durationMs: 1,
  });
  const dialect = Object.create(LinuxDialect.prototype) as LinuxDialect;
  Object.defineProperty(dialect, 'os', { value: 'linux' });
  Object.defineProperty(dialect, 'commands', {
    value: {
      run: async (argv: readonly string[]): Promise<ExecResult> => {
        commands.push(argv.join(' '));
        if (argv[1] === 'start') {
          active = activeAfterStart;
          return answer(startCode, '', startCode === 0 ? '' : 'Job for cybertrace_balancer.service failed.');
        }
        return active ? answer(0, 'active\n') : answer(3, 'failed\n');
      },
    },
  });
  return { dialect, commands };
}

describe('controlBalancerService on Linux', () => {
  it('a start whose systemd job failed is read once and reported as not reached', async () => {
    const host = standInHost(1, false);
    const started = await controlBalancerService(host.dialect, 'start', { polls: 30 });
    expect(started.reached).toBe(false);
    expect(started.evidence).toContain('systemctl start cybertrace_balancer.service: exit 1 Job for cybertrace_balancer.service failed.');
    expect(host.commands.filter((command) => command.includes('is-active'))).toHaveLength(1);
  });

  it('a start that succeeded is reached at the first read', async () => {
    const host = standInHost(0, true);
    const started = await controlBalancerService(host.dialect, 'start', { polls: 30 });
    expect(started.reached).toBe(true);
    expect(started.state).toBe('running');
    expect(host.commands).toEqual(['systemctl start cybertrace_balancer.service', 'systemctl is-active cybertrace_balancer.service']);
  });
});
