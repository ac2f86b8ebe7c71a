import { z } from 'zod';

/** Every pre-check, in the order they run: each later one needs the earlier ones to have passed. */
export const PRECHECK_IDS = [
  'reachable',
  'host-key',
  'authentication',
  'os-shell',
  'privilege',
  'cybertrace-installed',
  'config-well-formed',
  'service-state',
  'same-version',
  'clock-skew',
  'free-disk',
] as const;

/** One pre-check's id. */
export type PrecheckId = (typeof PRECHECK_IDS)[number];

/** A blocker stops the run; a warning is shown and the run goes on. */
export type PrecheckSeverity = 'blocker' | 'warning';

/** What a pre-check is for, how serious a failure is, and what the engineer can do about one. */
export interface PrecheckDefinition {
  readonly title: string;
  readonly severity: PrecheckSeverity;
  readonly fixHint: string;
}

/** The catalogue of pre-checks. */
export const PRECHECKS: Readonly<Record<PrecheckId, PrecheckDefinition>> = {
  reachable: {
    title: 'SSH port reachable',
    severity: 'blocker',
    fixHint: 'Check the host name, the port, firewalls and that sshd runs on the instance.',
  },
  'host-key': {
    title: 'Host key known and unchanged',
    severity: 'blocker',
    fixHint:
      'Accept a new key after comparing its fingerprint out of band (ssh-keygen -lf on the host); a changed key means a reinstalled host or an attack: find out which before going on.',
  },
  authentication: {
    title: 'Authentication',
    severity: 'blocker',
    fixHint: 'Check the user name and the authentication method of the instance; passwords are asked for, never stored.',
  },
  'os-shell': {
    title: 'Operating system and shell',
    severity: 'blocker',
    fixHint: 'The project says one OS and the host is another: correct the instance\'s "os".',
  },
  privilege: {
    title: 'Administrative privilege',
    severity: 'blocker',
    fixHint:
      'Linux: the user must be root or allowed to use sudo (set privilege to root, sudo or sudo-password to match); Windows: the user must be a member of Administrators.',
  },
  'cybertrace-installed': {
    title: 'CyberTrace installed, service dir and config files found',
    severity: 'blocker',
    fixHint: "Set the instance's serviceDir in the project if CyberTrace is installed somewhere else.",
  },
  'config-well-formed': {
    title: 'kl_feed_service.conf is well-formed XML',
    severity: 'blocker',
    fixHint: 'Restore the configuration from a backup; the service does not start with an invalid file.',
  },
  'service-state': {
    title: 'CyberTrace service state',
    severity: 'warning',
    fixHint: 'A stopped service is started by the apply step only where a change needs it; start it yourself if it should run.',
  },
  'same-version': {
    title: 'Same CyberTrace version on every instance (kl_feed_service -v; else the configuration layout)',
    severity: 'warning',
    fixHint:
      'Instances of different versions cannot always be made identical; upgrade them to one version first. Where a version is unknown, run kl_feed_service -v on that host to see why.',
  },
  'clock-skew': {
    title: "Clock close to this computer's",
    severity: 'warning',
    fixHint: "Synchronise the host's clock (NTP); report times and backups are named after the clock.",
  },
  'free-disk': {
    title: 'Free disk space for backups',
    severity: 'warning',
    fixHint: "Free some space in the service dir's file system before changes are made.",
  },
};

/** The outcome of one pre-check on one instance (or on the cluster, for `same-version`). */
export const PrecheckResultSchema = z.object({
  check: z.enum(PRECHECK_IDS),
  /** Instance name; absent for cluster-wide checks. */
  instance: z.string().optional(),
  status: z.enum(['pass', 'fail', 'skipped']),
  severity: z.enum(['blocker', 'warning']),
  /** What was observed, in one line (a fingerprint, an exit code, a version). */
  evidence: z.string(),
  fixHint: z.string().optional(),
});

/** One pre-check result. */
export type PrecheckResult = z.output<typeof PrecheckResultSchema>;
