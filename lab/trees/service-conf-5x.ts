import { exportTasksElement } from './export-tasks.js';
import { LAB_FEEDS, domainFeed } from './feeds.js';
import {
  ACTIONABLE_CONTEXT_FORMAT,
  ALERT_FORMAT,
  DEFAULT_SOURCE_RULES,
  EVENT_FORMAT,
  FINISHED_EVENT_FORMAT,
  LOOKUP_SOURCE_RULES,
  OUTPUT_CONNECTION,
  RECORD_CONTEXT_FORMAT,
  alertConnectionLine,
  sourceElement,
} from './reference-state.js';
import { httpServerElement, serviceConfText, type ServiceConfInput } from './service-conf-parts.js';
import { feedUtilConfRef } from './tree-layout.js';
import { element } from './xml-lines.js';

/**
 * kl_feed_service.conf for 5.x (REFERENCE 1.4.3): every tenant under Domains (only General here),
 * lookup sources in LookupSettings, service alerts in NotificationSettings, the web server and the
 * Feed Utility link in ServiceSettings. EULA is left out: the 5.x pages do not show it.
 */
export function renderServiceConf5x(input: ServiceConfInput): string {
  const { os } = input;
  const general = element('<Domain name="General" id="1">', [
    '<Description>Default tenant</Description>',
    ...element('<InputSettings>', [
      ...element('<RegExps>', sourceElement('default', DEFAULT_SOURCE_RULES)),
      `<ConnectionString>0.0.0.0:${input.inputPort}</ConnectionString>`,
    ]),
    ...element('<OutputSettings>', [
      `<ConnectionString>${OUTPUT_CONNECTION}</ConnectionString>`,
      ...element('<EventSettings>', [
        `<EventFormat>${EVENT_FORMAT}</EventFormat>`,
        `<ActionableFieldContextFormat>${ACTIONABLE_CONTEXT_FORMAT}</ActionableFieldContextFormat>`,
        FINISHED_EVENT_FORMAT,
      ]),
      `<RecordFieldContextFormat>${RECORD_CONTEXT_FORMAT}</RecordFieldContextFormat>`,
    ]),
    ...element(
      '<Feeds>',
      LAB_FEEDS.map((feed) => domainFeed(feed, feed.enabled)),
    ),
  ]);
  const body = [
    ...element('<Domains>', general),
    ...element('<LookupSettings>', [
      ...element('<RegExps>', [
        ...sourceElement('http_single_lookup', LOOKUP_SOURCE_RULES.http_single_lookup),
        ...sourceElement('http_file_lookup', LOOKUP_SOURCE_RULES.http_file_lookup),
      ]),
    ]),
    ...element('<NotificationSettings>', [
      ...element('<ServiceAlertsSettings>', [
        alertConnectionLine(input.alertTarget),
        `<AlertFormat>${ALERT_FORMAT}</AlertFormat>`,
        `<ContextFormat>${RECORD_CONTEXT_FORMAT}</ContextFormat>`,
      ]),
    ]),
    ...element('<ServiceSettings>', [
      ...element('<FeedUtil>', [`<ConfigurationPath>${feedUtilConfRef(os)}</ConfigurationPath>`]),
      ...element('<ScanSettings>', [
        '<ScannersCount>9</ScannersCount>',
        '<ScanningThreadsPerScanner>8</ScanningThreadsPerScanner>',
        '<EPSLimit enabled="false">50000</EPSLimit>',
      ]),
      ...httpServerElement(os, input.resourcesIp),
      '<FeedsRollbackEnabled>true</FeedsRollbackEnabled>',
    ]),
    ...exportTasksElement(os),
  ];
  return serviceConfText(body);
}
