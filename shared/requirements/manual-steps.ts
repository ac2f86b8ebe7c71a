import type { RequirementId } from './ids.js';
import type { ConfigLayout } from './layout-paths.js';

// What an engineer does by hand where the tool does not (or may not) fix a requirement, per layout,
// from REFERENCE 3.5 and 4. Menu paths the help does not give are not made up: the help page is named.

const STOP_START = {
  '4.x':
    'stop the service (Linux: systemctl stop cybertrace.service; Windows 4.2+: sc stop cybertrace; 4.0/4.1: %service_dir%\\bin\\kl_control.bat stop), edit kl_feed_service.conf, start it again (systemctl start / sc start / kl_control.bat start)',
  '5.x':
    'stop the service (Linux: systemctl stop cybertrace.service; Windows: sc stop cybertrace), edit kl_feed_service.conf, start it again (systemctl start cybertrace.service / sc start cybertrace)',
} as const;

/** Manual instructions per requirement and layout. */
export const MANUAL_STEPS: { readonly [K in RequirementId]: { readonly [L in ConfigLayout]: string } } = {
  req1: {
    '4.x':
      'In CyberTrace Web, import the certificate file used on the reference for Kaspersky Threat Data Feeds (help page 171650); it becomes the PEM that kl_feed_util.conf CertFile names.',
    '5.x':
      'In CyberTrace Web, import the certificate file used on the reference for Kaspersky Threat Data Feeds (help page 178648); it becomes the PEM that kl_feed_util.conf CertFile names.',
  },
  req2: {
    '4.x':
      'Enable the same Kaspersky feeds as on the reference in CyberTrace Web, or set Settings > Feeds > Feed enabled="true|false" in kl_feed_util.conf (new feeds: <Feed enabled="true"><Name>...</Name><FeedID>...</FeedID></Feed>).',
    '5.x':
      'Enable the same Kaspersky feeds as on the reference in CyberTrace Web (Data management mode), or set Feed enabled in kl_feed_util.conf and Domains > Domain > Feeds > Feed used in kl_feed_service.conf (service stopped).',
  },
  req3: {
    '4.x':
      'Enable the same OSINT feeds and add the same custom or third-party feeds in CyberTrace Web (Filtering rules for feeds > Add custom feed); make manual context fields and FalsePositive/InternalTI indicators identical in CyberTrace Web or with REST PUT/DELETE /api/{v}/suppliers/{FalsePositive|InternalTI}/indicators, then attest it in the wizard.',
    '5.x':
      'In CyberTrace Web (Data management mode) enable the same OSINT feeds and add the same custom or third-party feeds; make manual context fields and FalsePositive/InternalTI indicators identical in CyberTrace Web or with REST PUT/DELETE /api/{v}/suppliers/{FalsePositive|InternalTI}/indicators, then attest it in the wizard.',
  },
  req4: {
    '4.x':
      "Install the reference's key file on the Settings > Licensing tab of CyberTrace Web, and remove keys the reference does not have (or remove all keys everywhere for Community Edition).",
    '5.x':
      "Install the reference's key file (or activation code) on Settings > Licensing in System management mode, and remove keys the reference does not have (or none anywhere for Community Edition).",
  },
  req5: {
    '4.x':
      "Create the same indicator export tasks (same names, same filter rules) in CyberTrace Web's indicator export settings, or copy the IoCExport elements of the reference's IoCExports (service stopped).",
    '5.x':
      "Create the same indicator export tasks (same names, same filter rules) in CyberTrace Web's indicator export settings, or copy the IoCExport elements of the reference's IoCExports (service stopped).",
  },
  req6: {
    '4.x': `Add <REQ type="CONTEXT">^(\\d+)\\s</REQ> (the project's rule name in place of REQ) to InputSettings > RegExps > Source id="default": ${STOP_START['4.x']}.`,
    '5.x': `Add <REQ type="CONTEXT">^(\\d+)\\s</REQ> (the project's rule name in place of REQ) to Domains > Domain > InputSettings > RegExps > Source id="default": ${STOP_START['5.x']}.`,
  },
  req7: {
    '4.x':
      "Set the same event formats as the reference, each detection event starting with %REQ% (help example: %REQ% category=%Category% %RecordContext%), in CyberTrace Web's event format settings or in OutputSettings (service stopped).",
    '5.x':
      'Set the same formats as the reference, the alert format starting with %REQ%, on Settings > Detection alerts > Format tab of CyberTrace Web, or in Domains > Domain > OutputSettings > EventSettings (service stopped).',
  },
  req8: {
    '4.x': `Set OutputSettings > FinishedEventFormat to <FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>: ${STOP_START['4.x']}.`,
    '5.x': `Set Domains > Domain > OutputSettings > EventSettings > FinishedEventFormat to <FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>: ${STOP_START['5.x']}.`,
  },
  alerts: {
    '4.x':
      'In CyberTrace Web, Settings > Service > Connection settings: send service alerts to the Balancer\'s address and its cybertrace_port (OutputSettings > AlertConnectionString enabled="true").',
    '5.x':
      'In CyberTrace Web, Settings > Service > Service alerts (5.0 HA page; the 5.0 tenant page shows it on Settings > General): send service alerts to the Balancer\'s address and its cybertrace_port (NotificationSettings > ServiceAlertsSettings > AlertConnectionString enabled="true").',
  },
};
