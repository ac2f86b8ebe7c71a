// The name an instance gets from its host when instances are imported from kl_balancer.conf (CLI and wizard alike).

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** An instance name from a host: the host itself when it is a valid name (an address is), else its letters and digits. */
export function instanceNameFromHost(host: string): string {
  const cleaned = host
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 60);
  return NAME.test(cleaned) ? cleaned : 'instance';
}

/** `wanted`, or `wanted-2`, `wanted-3`, ... : the first that `taken` does not hold. */
export function freeInstanceName(wanted: string, taken: (name: string) => boolean): string {
  let name = wanted;
  for (let suffix = 2; taken(name); suffix++) name = `${wanted}-${suffix}`;
  return name;
}
