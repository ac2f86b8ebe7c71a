import type { FeedServiceConfig } from './feed-config.js';
import { formatEventDate, renderFormat, renderRecordContext } from './placeholders.js';
import { sendOnce } from './send-once.js';
import type { SimLog } from './sim-log.js';

/** The service alerts the simulator sends (REFERENCE.md 2.4). */
export type ServiceAlert = 'KL_ALERT_ServiceStarted' | 'KL_ALERT_ServiceStopped';

/** How an alert is sent. */
export interface AlertSendOptions {
  readonly timeoutMs: number;
  readonly localAddress?: string;
  readonly log: SimLog;
}

/**
 * Formats an alert with AlertFormat, using the documented alert placeholders (REFERENCE.md 2.4;
 * help page 197106): `%Alert%` the alert name, `%Date%` the time, `%RecordContext%` empty because
 * started/stopped have no context fields. Rule names render empty: there is no event to extract from.
 */
export function formatServiceAlert(config: FeedServiceConfig, format: string, alert: ServiceAlert, now = new Date()): string {
  const context = renderRecordContext(config.alerts?.fieldFormat ?? '', []);
  const values: Readonly<Record<string, string>> = { Alert: alert, Date: formatEventDate(now), RecordContext: context };
  return renderFormat(format, (name) => (Object.hasOwn(values, name) ? values[name] : config.rules.ruleNames.has(name) ? '' : undefined));
}

/** Sends one alert when the config enables alerts; best effort, bounded, never throws. */
export async function sendServiceAlert(config: FeedServiceConfig, alert: ServiceAlert, options: AlertSendOptions): Promise<void> {
  if (config.alerts === undefined) return;
  const { target, format } = config.alerts;
  const line = formatServiceAlert(config, format, alert);
  const failure = await sendOnce(target, [line], { timeoutMs: options.timeoutMs, localAddress: options.localAddress });
  if (failure === undefined) options.log.info(`${alert} sent to ${target.host}:${target.port}`);
  else options.log.warn(`${alert} not delivered: ${failure}`);
}
