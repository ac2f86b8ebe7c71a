import { parseArgs } from 'node:util';
import { DEFAULT_PROBE_DEADLINE_MS, DEFAULT_PROBE_PORT } from '../../shared/probe/probe-port.js';
import type { ClusterProbeResult, InstanceProbeResult } from '../../shared/probe/probe-result.js';
import { err, out } from '../output.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/**
 * `ctha probe <cluster> [--json] [--indicator VALUE] [--port N] [--deadline-ms N]`: every instance's
 * input port at the instance's host (one port for all, default 9999); exit 0 all pass, 2 a probe
 * failed; errors (unreadable project, bad options) are thrown, which `ctha` reports with exit 1.
 */
export async function runProbe(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean' }, indicator: { type: 'string' }, port: { type: 'string' }, 'deadline-ms': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('probe takes exactly one project file');
  const port = integerOption('--port', values.port, DEFAULT_PROBE_PORT, 1, 65535);
  const deadlineMs = integerOption('--deadline-ms', values['deadline-ms'], DEFAULT_PROBE_DEADLINE_MS, 100, 60_000);
  const indicator = values.indicator;
  if (indicator !== undefined && (indicator.trim() === '' || /[\r\n]/.test(indicator)))
    throw new UsageError('--indicator expects one non-empty value on one line');
  const session = openEngineSession({ command: 'probe', progress: { json: values.json === true } });
  let result;
  try {
    result = await session.api['probe.run']({ path: file, port, deadlineMs, ...(indicator === undefined ? {} : { indicator }) });
  } finally {
    session.close();
  }
  if (values.json) out(JSON.stringify(result, null, 2));
  else printProbe(result);
  return result.ok ? 0 : 2;
}

/** Parses an integer option within bounds, or the default when absent. */
export function integerOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`${name} expects an integer ${min}-${max}, got "${text}"`);
  return Number(text);
}

function printProbe(result: ClusterProbeResult): void {
  const width = Math.max(...result.results.map((entry) => entry.instance.length), 8);
  for (const entry of result.results) {
    out(
      `${entry.ok ? 'PASS' : 'FAIL'}  ${entry.instance.padEnd(width)}  ${entry.host}:${entry.port}  ${entry.ok ? timings(entry) : `${entry.failure?.kind}: ${entry.failure?.message}`}`,
    );
    if (!entry.ok) for (const line of entry.lines.slice(0, 3)) out(`      received: ${JSON.stringify(line)}`);
  }
  for (const note of result.notes) out(`note: ${note}`);
  out(
    `${result.passed} of ${result.results.length} instance(s) passed the live probe${result.indicator === undefined ? ' (neutral test event; --indicator VALUE also checks the id on detections)' : ''}.`,
  );
  if (!result.ok) err('A failed probe means Balancer cannot use that instance as configured; the reason names the requirement to fix.');
}

function timings(entry: InstanceProbeResult): string {
  const { pongMs, connectMs, firstReplyMs, lookupFinishedMs } = entry.latencies;
  return `PONG ${pongMs} ms, connect ${connectMs} ms, first reply ${firstReplyMs} ms, LookupFinished ${lookupFinishedMs} ms, ${entry.detections} detection(s)`;
}
