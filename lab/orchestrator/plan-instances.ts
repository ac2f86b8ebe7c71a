import { join } from 'node:path';
import { DEFAULT_DRIFT } from '../drift/default-drift.js';
import type { BalancerDriftPreset, DriftPreset, LabBalancer, LabInstance, LabOs } from '../spec.js';
import { BALANCER_DRIFT_PRESETS, LINUX_SERVICE_DIR, WINDOWS_SERVICE_DIR, serviceControlFor } from '../spec.js';
import type { LabOptions } from './lab-options.js';

/** CyberTrace's input port on every lab host; each host has its own address, as real hosts would. */
export const LAB_INPUT_PORT = 9999;
/** SSH port of emulated hosts: unprivileged, so a lab needs no root. OpenSSH hosts use 22. */
export const EMULATED_SSH_PORT = 2222;

/** Lays out the lab's instances and Balancer: names, addresses, ports, folders, drift and faults. */
export function planInstances(options: LabOptions): { instances: LabInstance[]; balancer: LabBalancer } {
  const [a, b, c, d] = options.addressBase.split('.').map(Number) as [number, number, number, number];
  if (d + options.linux + options.windows > 254) throw new Error(`--address-base ${options.addressBase} leaves too few addresses`);
  const ports = { address: options.addressBase, matchingPort: 9999, apiPort: 8443, cybertracePort: 9998 };
  const oses: { os: LabOs; name: string }[] = [
    ...Array.from({ length: options.linux }, (_, i) => ({ os: 'linux' as const, name: `ct-linux-${i + 1}` })),
    ...Array.from({ length: options.windows }, (_, i) => ({ os: 'windows' as const, name: `ct-win-${i + 1}` })),
  ];
  const known = new Set(oses.map((entry) => entry.name));
  for (const fault of options.faults) {
    if (!known.has(fault.instance))
      throw new Error(`--fault ${fault.instance}:${fault.kind}: no such instance (have ${[...known].join(', ')})`);
  }
  const instances = oses.map(({ os, name }, index): LabInstance => {
    const backend = os === 'linux' ? options.backend : 'emulated';
    const base = join(options.dir, 'instances', name);
    return {
      name,
      os,
      version: options.version,
      backend,
      address: `${a}.${b}.${c}.${d + 1 + index}`,
      sshPort: backend === 'openssh' ? 22 : EMULATED_SSH_PORT,
      inputPort: LAB_INPUT_PORT,
      serviceDir: os === 'linux' ? LINUX_SERVICE_DIR : (options.windowsServiceDir ?? WINDOWS_SERVICE_DIR),
      rootDir: join(base, 'root'),
      stateDir: join(base, 'state'),
      serviceControl: serviceControlFor(os, options.version),
      drift: driftFor(options.drift, index, oses.length),
      faults: options.faults
        .filter((fault) => fault.instance === name)
        .map((fault) => (fault.latencyMs === undefined ? { kind: fault.kind } : { kind: fault.kind, latencyMs: fault.latencyMs })),
    };
  });
  // The Balancer runs on the first Linux host, else the first Windows one (its files in that %service_dir%, REFERENCE 3.2).
  const host = (instances.find((instance) => instance.os === 'linux') ?? instances[0])?.name;
  const drift = balancerDriftFor(
    options.drift,
    instances.slice(1).map((instance) => instance.name),
  );
  const misplaced = options.faults.find((fault) => fault.kind === 'balancer-refuses-start' && fault.instance !== host);
  if (misplaced !== undefined)
    throw new Error(
      `--fault ${misplaced.instance}:balancer-refuses-start: the lab runs its Balancer on ${host ?? 'no host'}; give the fault to that instance`,
    );
  const balancer: LabBalancer = { ...ports, ...(host === undefined ? {} : { host }), ...(drift.length > 0 ? { drift } : {}) };
  return { instances, balancer };
}

const isBalancerPreset = (preset: string): preset is BalancerDriftPreset => (BALANCER_DRIFT_PRESETS as readonly string[]).includes(preset);

/**
 * Balancer presets for the instances after the first: `balancer-missing-instance` leaves out the last
 * one only, so that `balancer-cert-stale` (every other drifted instance) stays visible in the same lab.
 */
function balancerDriftFor(drift: LabOptions['drift'], drifted: readonly string[]): NonNullable<LabBalancer['drift']> {
  if (drift === 'none' || drift === 'default') return [];
  const presets = drift.filter(isBalancerPreset);
  const last = drifted.at(-1);
  const missing = presets.includes('balancer-missing-instance') && last !== undefined ? [last] : [];
  return presets.map((preset) => {
    if (preset === 'balancer-missing-instance') return { preset, instances: missing };
    if (preset === 'balancer-cert-stale') return { preset, instances: drifted.filter((name) => !missing.includes(name)) };
    return { preset, instances: [...drifted] };
  });
}

function driftFor(drift: LabOptions['drift'], index: number, count: number): DriftPreset[] {
  if (drift === 'none') return [];
  if (drift === 'default') return [...DEFAULT_DRIFT(index, count)];
  // The first instance stays the consistent reference; Balancer presets change the Balancer, not the instance.
  return index === 0 ? [] : drift.filter((preset): preset is DriftPreset => !isBalancerPreset(preset));
}
