import { REQUIREMENT_IDS, REQUIREMENT_TITLES, type RequirementId } from './ids.js';
import { LAYOUT_PATHS, describePath, type ConfigLayout } from './layout-paths.js';
import { MANUAL_STEPS } from './manual-steps.js';
import { FORMAT_ELEMENTS } from './values/formats.js';

/** Whether the tool fixes a requirement: fully, in part (the rest is manual or attested), or not at all. */
export type Automatable = 'yes' | 'partial' | 'no';

/** Whether a fix needs the service stopped and started (no reload is documented under systemd: REFERENCE 7.6). */
export type RestartNeed = 'yes' | 'no' | 'when-service-conf-changes';

/** Everything the UI, the report and docs/REQUIREMENTS.md say about one requirement. */
export interface RequirementSpec {
  readonly id: RequirementId;
  readonly title: string;
  /** Files and places read, per layout, for people. */
  readonly collects: { readonly [L in ConfigLayout]: readonly string[] };
  /** How the observed value is compared. */
  readonly comparison: string;
  /** What counts as a match. */
  readonly match: string;
  /** The value the HA procedure fixes, for requirements that have one. */
  readonly documentedValue?: string;
  readonly automatable: Automatable;
  /** What the fix changes. */
  readonly fix: string;
  readonly needsRestart: RestartNeed;
  /** By hand, per layout: for requirements the tool cannot (fully) fix and for refused fixes. */
  readonly manual: { readonly [L in ConfigLayout]: string };
}

const SERVICE = 'kl_feed_service.conf';
const UTIL = 'kl_feed_util.conf (Linux %service_dir%/etc, Windows %service_dir%\\bin)';
const at = (layout: ConfigLayout, path: readonly string[], fromTenant = true): string =>
  `${SERVICE} ${describePath(layout, path, fromTenant)}`;
const perLayout = (build: (layout: ConfigLayout) => readonly string[]): RequirementSpec['collects'] => ({
  '4.x': build('4.x'),
  '5.x': build('5.x'),
});

/** The requirement catalogue, keyed by id (procedure order: REQUIREMENT_IDS). */
export const REQUIREMENTS: { readonly [K in RequirementId]: RequirementSpec & { readonly id: K } } = {
  req1: {
    id: 'req1',
    title: REQUIREMENT_TITLES.req1,
    collects: perLayout(() => [`${UTIL} Settings > CertFile`, 'the PEM file CertFile names (its SHA-256 fingerprint)']),
    comparison:
      'SHA-256 fingerprint of the certificate (of its DER; of the file bytes when it does not parse as X.509). Where CertFile points does not count.',
    match: 'same fingerprint as the reference (or no CertFile on both)',
    automatable: 'yes',
    fix: "copy the reference's PEM byte for byte to the file the instance's CertFile names",
    needsRestart: 'no',
    manual: MANUAL_STEPS.req1,
  },
  req2: {
    id: 'req2',
    title: REQUIREMENT_TITLES.req2,
    collects: perLayout((layout) => [
      `${UTIL} Settings > Feeds > Feed (enabled, Name, FeedID, Filters > Field)`,
      ...(layout === '5.x' ? [`${at(layout, LAYOUT_PATHS[layout].tenantFeeds ?? [])} > Feed@used for feednames <Name>.json`] : []),
    ]),
    comparison:
      'the set of feeds not switched off (enabled other than "false"), by name, each with its FeedID and filters; on 5.x also the General tenant\'s used switch for those feeds',
    match: 'identical set, identical feed elements',
    automatable: 'yes',
    fix: 'set Feed enabled; copy missing or different Feed elements from the reference; switch extra feeds off (enabled="false"); on 5.x the same with Feed@used',
    needsRestart: 'when-service-conf-changes',
    manual: MANUAL_STEPS.req2,
  },
  req3: {
    id: 'req3',
    title: REQUIREMENT_TITLES.req3,
    collects: perLayout((layout) => [
      ...(layout === '5.x'
        ? [
            `${at(layout, LAYOUT_PATHS[layout].tenantFeeds ?? [])} > Feed (feednames that are no Kaspersky feed of kl_feed_util.conf: OSINT, custom, third-party)`,
          ]
        : []),
      `${at(layout, LAYOUT_PATHS[layout].topLevelFeeds, false)} when present`,
      "manual context fields and FalsePositive/InternalTI indicators: not readable (no file, no REST listing): REST spot check or the engineer's attestation",
    ]),
    comparison: 'feed usage compared as for requirement 2; the indicators part is compared only when a REST spot check ran on both sides',
    match: 'identical feeds and identical spot-check results; identical feeds alone stay unknown until attested',
    automatable: 'partial',
    fix: 'switch existing tenant feeds on or off as on the reference (5.x); feeds missing on the instance and the indicators are manual',
    needsRestart: 'when-service-conf-changes',
    manual: MANUAL_STEPS.req3,
  },
  req4: {
    id: 'req4',
    title: REQUIREMENT_TITLES.req4,
    collects: perLayout(() => ['%service_dir%/httpsrv/lic/*.key (SHA-256 of each file; none = Community Edition)']),
    comparison: 'the set of key-file digests; file names do not count',
    match: 'same set as the reference (empty on both = Community Edition everywhere)',
    automatable: 'yes',
    fix: 'copy each reference key the instance lacks into its lic folder; rename each extra key to <name>.ctha-set-aside (never deleted)',
    needsRestart: 'yes',
    manual: MANUAL_STEPS.req4,
  },
  req5: {
    id: 'req5',
    title: REQUIREMENT_TITLES.req5,
    collects: perLayout((layout) => [
      `${at(layout, [...LAYOUT_PATHS[layout].iocExports, 'IoCExport'], false)} (attributes) and its Filter children`,
    ]),
    comparison:
      "tasks by name; each task's enabled (as written) and its Filter rules (field, value, included) as a set (REF 3.5 step 5, 4.5); documented settings (delimiter, update_frequency, create_header, records_limit) shown, not compared; other attributes and elements per-instance, named only; export_dir not compared",
    match: 'same task names, each with the same enabled and the same set of filters',
    automatable: 'yes',
    fix: "set enabled and Filter attributes on the instance's own task (its per-instance attributes and elements kept byte for byte), insert or remove single filters; insert missing tasks with the reference's compared and documented attributes only (per-instance ones to set by hand); remove extra and repeated tasks; export_dir stays",
    needsRestart: 'yes',
    manual: MANUAL_STEPS.req5,
  },
  req6: {
    id: 'req6',
    title: REQUIREMENT_TITLES.req6,
    collects: perLayout((layout) => [`${at(layout, [...LAYOUT_PATHS[layout].regExps, 'Source', '<rule name>'])} (any Source)`]),
    comparison:
      "every rule named like the project's rule: its Source id and ip/hostname binding, type (CONTEXT when absent), regex text and other attributes; the rule itself (not its Source) against the reference",
    match:
      'every rule with type CONTEXT and regex ^(\\d+)\\s, at least one that Balancer\'s events reach (Source id="default", or a Source with ip= Balancer\'s address: REFERENCE 1.5, 3.5 step 6), the same rule as the reference wherever the reference keeps it (a reference off the documented value is flagged and does not count); a rule only in a Source bound to another address or a lookup source is drift, one only in a Source with no ip (or no Balancer address known) is unknown',
    documentedValue: '<REQ type="CONTEXT">^(\\d+)\\s</REQ> in the default event source or a named one',
    automatable: 'yes',
    fix: 'set type and regex of a rule where it sits (never moved to default because the reference differs), or, when Balancer\'s events reach none, insert the documented rule into Source id="default"; remove rules Balancer\'s events cannot reach',
    needsRestart: 'yes',
    manual: MANUAL_STEPS.req6,
  },
  req7: {
    id: 'req7',
    title: REQUIREMENT_TITLES.req7,
    collects: perLayout((layout) => FORMAT_ELEMENTS.map((name) => at(layout, LAYOUT_PATHS[layout].formats[name]))),
    comparison:
      'the text of each format element (CDATA unwrapped, nothing trimmed); service-alert formats (AlertFormat, ContextFormat) describe events about the service and are not compared',
    match: 'identical texts, EventFormat starting with %REQ%',
    documentedValue: 'EventFormat starts with %REQ% (help example: %REQ% category=%Category% %RecordContext%)',
    automatable: 'yes',
    fix: "set each differing format to the reference's text (refused when the reference's EventFormat does not start with %REQ%)",
    needsRestart: 'yes',
    manual: MANUAL_STEPS.req7,
  },
  req8: {
    id: 'req8',
    title: REQUIREMENT_TITLES.req8,
    collects: perLayout((layout) => {
      const misplaced = LAYOUT_PATHS[layout].finishedEventMisplaced;
      const stray = misplaced === undefined ? [] : [`${at(layout, misplaced)} (the 5.0 HA page's path, REFERENCE 3.5 step 8)`];
      return [`${at(layout, LAYOUT_PATHS[layout].finishedEventFormat)} (enabled and text)`, ...stray];
    }),
    comparison:
      'enabled attribute and text against the documented element; on 5.x an element directly under OutputSettings is drift (REFERENCE 1.4.3)',
    match: 'enabled="true" and text %REQ% LookupFinished at the layout\'s path (whatever the reference has)',
    documentedValue: '<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>',
    automatable: 'yes',
    fix: 'set enabled and the text, or insert the element; on 5.x one directly under OutputSettings is moved into EventSettings (removed there, never duplicated)',
    needsRestart: 'yes',
    manual: MANUAL_STEPS.req8,
  },
  alerts: {
    id: 'alerts',
    title: REQUIREMENT_TITLES.alerts,
    collects: perLayout((layout) => [
      `${at(layout, LAYOUT_PATHS[layout].alertConnection, false)} (enabled and value)`,
      `${at(layout, LAYOUT_PATHS[layout].alertFormat, false)} (absent: no alerts are sent, REFERENCE 1.4.2)`,
      "the Balancer's address and cybertrace_port (project or kl_balancer.conf)",
      'the project setting alerts: balancer | siem | not-required (default not-required)',
    ]),
    comparison:
      "by the project's alerts setting: balancer: enabled attribute and value against the Balancer's address and cybertrace_port, and an AlertFormat; siem: enabled, an AlertFormat, and value and AlertFormat identical to the reference; not-required: reported, not judged",
    match:
      'balancer: enabled="true", value <balancer host>:<cybertrace_port> and an AlertFormat (unknown without a Balancer); siem: sent and identical to the reference; not-required: always (never makes the verdict fail or incomplete)',
    documentedValue: '<AlertConnectionString enabled="true">balancer-ip:cybertrace_port</AlertConnectionString>',
    automatable: 'yes',
    fix: "only when required: balancer sets enabled and the value, or inserts the element (refused when the Balancer is known only by a host name: the element takes an IPv4 address); siem copies the reference's value; both copy the reference's AlertFormat when the instance has none",
    needsRestart: 'yes',
    manual: MANUAL_STEPS.alerts,
  },
};

/** The catalogue in procedure order. */
export const REQUIREMENT_SPECS: readonly RequirementSpec[] = REQUIREMENT_IDS.map((id) => REQUIREMENTS[id]);
