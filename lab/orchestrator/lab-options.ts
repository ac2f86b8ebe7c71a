import { z } from 'zod';
import { BALANCER_DRIFT_PRESETS, DRIFT_PRESETS, FAULT_PRESETS, LAB_VERSIONS } from '../spec.js';

/** A fault requested for one instance: `ct-linux-1:slow` or `ct-linux-1:slow:2500`. */
export const FaultRequestSchema = z.object({
  instance: z.string().min(1),
  kind: z.enum(FAULT_PRESETS),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
});

/** What `ctha lab up` was asked for; the daemon receives it as `lab-request.json`. */
export const LabOptionsSchema = z.object({
  dir: z.string().min(1),
  linux: z.number().int().min(0).max(50),
  windows: z.number().int().min(0).max(50),
  backend: z.enum(['emulated', 'openssh']),
  version: z.enum(LAB_VERSIONS),
  /**
   * `default` spreads the instance presets over the instances; a list applies to every instance but the
   * first (Balancer presets: to the Balancer's files, for every instance but the first).
   */
  drift: z.union([z.literal('default'), z.literal('none'), z.array(z.enum([...DRIFT_PRESETS, ...BALANCER_DRIFT_PRESETS]))]),
  faults: z.array(FaultRequestSchema),
  seedDir: z.string().optional(),
  /** First address of the lab's block: the Balancer takes it, instances the following ones. */
  addressBase: z.string().regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/, { error: 'expected a 127.x.y.z loopback address' }),
  /** Feed loading time of every simulated service (started is not ready). */
  readyDelayMs: z.number().int().min(0).max(60_000),
  /**
   * `%service_dir%` of the Windows hosts when not the lab's default: the real default is undocumented
   * (REFERENCE.md 1.2), so the engine must find it from the SCM, and a lab installed elsewhere proves it does.
   */
  windowsServiceDir: z
    .string()
    .regex(/^[A-Za-z]:\\(?:[^\\/:*?"<>|\r\n]+\\)*[^\\/:*?"<>|\r\n]+$/, {
      error: 'expected an absolute Windows folder such as D:\\Apps\\CyberTrace (no trailing backslash)',
    })
    .refine((dir) => !dir.split('\\').some((part) => part === '.' || part === '..'), {
      error: 'a Windows service folder may not hold . or .. segments',
    })
    .optional(),
});

/** Validated `ctha lab up` options. */
export type LabOptions = z.output<typeof LabOptionsSchema>;
/** One requested fault. */
export type FaultRequest = z.output<typeof FaultRequestSchema>;

/** Parses `INSTANCE:FAULT[:LATENCY_MS]` as given to `--fault`. */
export function parseFaultArgument(text: string): FaultRequest {
  const [instance, kind, latency] = text.split(':');
  const parsed = FaultRequestSchema.safeParse({
    instance,
    kind,
    ...(latency === undefined ? {} : { latencyMs: Number(latency) }),
  });
  if (!parsed.success)
    throw new Error(`--fault ${text}: expected INSTANCE:FAULT[:LATENCY_MS] with FAULT one of ${FAULT_PRESETS.join(', ')}`);
  return parsed.data;
}
