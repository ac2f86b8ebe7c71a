import { XML_PROLOGUE, toText } from './xml-lines.js';

// Logging configuration files. Their layout is not documented: the help names only `Append` and
// `LogsFolder` for the service (REFERENCE 1.10) and the err/inf/dbg levels for Balancer (3.7). Logging
// is off until the file is filled in, so the lab ships the settings commented out.

/** bin/kl_feed_service_log.conf: logging off, the two documented settings shown as comments. */
export function serviceLogConf(logsFolder: string): string {
  return toText([
    ...XML_PROLOGUE,
    '<Logging>',
    '  <!-- <Append>1</Append> -->',
    `  <!-- <LogsFolder>${logsFolder}</LogsFolder> -->`,
    '</Logging>',
  ]);
}

/** bin/kl_balancer_log.conf: logging off, a level and a folder shown as comments. */
export function balancerLogConf(logsFolder: string): string {
  return toText([
    ...XML_PROLOGUE,
    '<Logging>',
    '  <!-- <Level>inf</Level> -->',
    `  <!-- <LogsFolder>${logsFolder}</LogsFolder> -->`,
    '</Logging>',
  ]);
}
