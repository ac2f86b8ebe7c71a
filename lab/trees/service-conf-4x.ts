import { exportTasksElement } from './export-tasks.js';
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
import { feedUtilConfRef, fromBin } from './tree-layout.js';
import { element } from './xml-lines.js';

/**
 * kl_feed_service.conf for 4.x (REFERENCE 1.4.2): the General tenant at the top level, lookup sources
 * inside InputSettings/RegExps, GUISettings for the web server and the Feed Utility link, no other tenant.
 */
export function renderServiceConf4x(input: ServiceConfInput): string {
  const { os } = input;
  const body = [
    '<EULA>accepted</EULA>',
    ...element('<InputSettings>', [
      ...element('<RegExps>', [
        ...sourceElement('default', DEFAULT_SOURCE_RULES),
        ...sourceElement('http_single_lookup', LOOKUP_SOURCE_RULES.http_single_lookup),
        ...sourceElement('http_file_lookup', LOOKUP_SOURCE_RULES.http_file_lookup),
      ]),
      `<ConnectionString>0.0.0.0:${input.inputPort}</ConnectionString>`,
    ]),
    ...element('<OutputSettings>', [
      `<EventFormat>${EVENT_FORMAT}</EventFormat>`,
      `<RecordFieldContextFormat>${RECORD_CONTEXT_FORMAT}</RecordFieldContextFormat>`,
      `<ActionableFieldContextFormat>${ACTIONABLE_CONTEXT_FORMAT}</ActionableFieldContextFormat>`,
      `<AlertFormat>${ALERT_FORMAT}</AlertFormat>`,
      `<ConnectionString>${OUTPUT_CONNECTION}</ConnectionString>`,
      alertConnectionLine(input.alertTarget),
      FINISHED_EVENT_FORMAT,
    ]),
    // The resend-interval and threads-per-scanner elements are mandatory but their names are not documented.
    ...element('<ServiceSettings>', [
      `<Bases>${fromBin(os, 'feeds')}</Bases>`,
      `<BasesBackup>${fromBin(os, 'feeds_backup')}</BasesBackup>`,
      `<BasesDownload>${fromBin(os, 'feeds_download')}</BasesDownload>`,
      '<OutdatedBasesAlertPeriod>0</OutdatedBasesAlertPeriod>',
      '<ScannersCount>9</ScannersCount>',
      '<EventSendingRetriesCount>3</EventSendingRetriesCount>',
      '<FeedsRollbackEnabled>true</FeedsRollbackEnabled>',
    ]),
    ...element('<GUISettings>', [
      ...httpServerElement(os),
      ...element('<FeedUtil>', [`<ConfigurationPath>${feedUtilConfRef(os)}</ConfigurationPath>`]),
    ]),
    ...exportTasksElement(os),
    '<Domains/>',
  ];
  return serviceConfText(body);
}
