// Where a started lab's instances serve the REST lookup (REFERENCE.md 5), so that requirement 3's spot-check
// works against `ctha lab up` and `npm run demo`. Every instance has its own loopback address, so one port
// serves them all, as the spot-check asks one port of every instance (indicators.spotCheck `port`).

/** The lab's REST port on every instance's address: unprivileged (443 needs root), and not the Balancer's api_port 8443. */
export const LAB_REST_PORT = 9443;

/**
 * The simulator's arguments with the lab's REST endpoint added: a lab launch (it names `--bind-address`) that
 * did not choose its own `--rest-port` serves REST on LAB_REST_PORT with the tree's default data file
 * (httpsrv/lab_rest.json; without it the documented default account and the demo feed only). `--lab-rest-port`:
 * a tree without the web certificate (a test's minimal tree) still starts, with a warning and no REST.
 */
export function withLabRest(args: readonly string[]): string[] {
  if (!args.includes('--bind-address') || args.includes('--rest-port') || args.includes('--lab-rest-port')) return [...args];
  return [...args, '--lab-rest-port', String(LAB_REST_PORT)];
}
