import type { InputPort } from '../../cybertrace/balancer/port-checks.js';
import type { InstanceConfig } from '../../cybertrace/model/types.js';

/** The port of the General tenant's InputSettings/ConnectionString (`ip:port`), or why there is none. */
export function inputPortOf(config: InstanceConfig | undefined, why = 'the configuration was not read'): InputPort {
  if (config === undefined) return { evidence: why };
  if (!config.service.known) return { evidence: config.service.reason };
  const written = config.service.model.inputConnection;
  if (written === undefined) return { evidence: 'kl_feed_service.conf has no InputSettings/ConnectionString' };
  const text = written.trim();
  if (text.startsWith('\\\\.\\pipe\\'))
    return { evidence: `ConnectionString ${text} is a named pipe: Balancer cannot send to it over the network` };
  const match = /^(.*):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) return { evidence: `ConnectionString ${JSON.stringify(text)} is not ip:port` };
  return { port, evidence: `ConnectionString ${text}` };
}
