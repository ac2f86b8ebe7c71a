import { DEFAULT_PROBE_PORT } from '../../shared/probe/probe-port.js';
import type { CthaApi } from '../../shared/contract/api.js';
import type { ClusterProbeResult } from '../../shared/probe/probe-result.js';
import type { StateCreator } from 'zustand/vanilla';
import { parsePort, probeTargets } from '../probe/probe-endpoints.js';
import { reqRulesOf } from '../../shared/probe/req-rules-of.js';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import type { RunStatus } from './run-status.js';
import { savedProjectPath } from './saved-project.js';

/** The live probe of every instance's input port: PONG, then a tagged test event answered with LookupFinished. */
export type ProbeSlice = Readonly<{
  probeStatus: RunStatus;
  probeResult: ClusterProbeResult | undefined;
  /** True once an apply changed a host after this probe. */
  probeStale: boolean;
  /** An optional test indicator (a record of the instances' feeds) put into the test event. */
  probeIndicator: string;
  /** The input port used where the audit did not read the instance's own (text as typed). */
  probePort: string;
  setProbeIndicator: (indicator: string) => void;
  setProbePort: (port: string) => void;
  runProbe: () => Promise<void>;
}>;

/** Creates the probe slice; the probe does not use SSH, so it raises no prompts. */
export function createProbeSlice(api: CthaApi): StateCreator<AppState, [], [], ProbeSlice> {
  return (set, get) => ({
    probeStatus: 'idle',
    probeResult: undefined,
    probeStale: false,
    probeIndicator: '',
    probePort: String(DEFAULT_PROBE_PORT),
    setProbeIndicator: (probeIndicator) => set({ probeIndicator }),
    setProbePort: (probePort) => set({ probePort }),
    runProbe: async () => {
      const state = get();
      if (state.probeStatus === 'running') return;
      const saved = savedProjectPath(state, 'the probe runs');
      if (!saved.ok) return set({ notice: { kind: 'error', text: saved.message } });
      const port = parsePort(state.probePort);
      if (port === undefined)
        return set({ notice: { kind: 'error', text: `Input port "${state.probePort}": expected a whole number 1-65535.` } });
      // Only an audit of this very file may say where its instances listen.
      const audit = state.auditPath === saved.path ? state.auditReport : undefined;
      // The audit's REQ placement lets the probe say "not testable from this machine" for a rule bound to Balancer's address.
      const endpoints = probeTargets(state.draft?.instances ?? [], audit, port).map(({ instance, host, port: target }) => ({
        instance,
        host,
        port: target,
        ...(audit === undefined ? {} : reqRulesOf(audit, instance)),
      }));
      const indicator = state.probeIndicator.trim();
      set({ probeStatus: 'running', probeResult: undefined, notice: undefined });
      try {
        const result = await api['probe.run']({ path: saved.path, port, endpoints, ...(indicator === '' ? {} : { indicator }) });
        set({ probeStatus: 'done', probeResult: result, probeStale: false });
      } catch (error) {
        set({ probeStatus: 'failed', notice: { kind: 'error', text: `Probe failed: ${describeError(error).message}` } });
      }
    },
  });
}
