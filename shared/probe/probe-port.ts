// The one rule for which port an instance's live probe uses, shared by `probe.run`, `report.run`, the CLI and the wizard.

/** Input port probed when nothing better is known: the port of the help's examples and of the lab. */
export const DEFAULT_PROBE_PORT = 9999;

/** Where one instance is probed, and how that port was known. */
export interface ProbePortChoice {
  readonly instance: string;
  readonly host: string;
  /** Absent when the instance is not probed: no port was discovered and none was given. */
  readonly port?: number;
  /** discovered: InputSettings/ConnectionString as discovery read it; fallback: the caller's port; none: not probed. */
  readonly source: 'discovered' | 'fallback' | 'none';
  /** How the port was found, or why it is unknown. */
  readonly evidence: string;
}

/**
 * The port to probe one instance on: the input port discovery read (InputSettings/ConnectionString) wins,
 * the caller's port is used only where that is unknown, and without either the instance is not probed.
 * A guessed default never overrides what the host says.
 */
export function chooseProbePort(
  instance: { readonly name: string; readonly host: string },
  discovered: { readonly port?: number | undefined; readonly evidence: string } | undefined,
  fallbackPort: number | undefined,
): ProbePortChoice {
  const evidence = discovered?.evidence ?? 'discovery did not report this instance';
  if (discovered?.port !== undefined)
    return { instance: instance.name, host: instance.host, port: discovered.port, source: 'discovered', evidence };
  if (fallbackPort !== undefined) return { instance: instance.name, host: instance.host, port: fallbackPort, source: 'fallback', evidence };
  return { instance: instance.name, host: instance.host, source: 'none', evidence };
}

/** Deadline of each instance's live probe (PING and the test event together) when the caller does not say. */
export const DEFAULT_PROBE_DEADLINE_MS = 5000;
