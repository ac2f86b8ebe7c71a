import { describeUndocumentedSwitch, isXmlSwitchOn } from '../../shared/requirements/values/xml-text.js';
import { locateTenant, mandatory, type ConfigLayout } from './config-layout.js';
import { parseConnectionString, parseTcpEndpoint, type ConnectionTarget, type Endpoint } from './connection-string.js';
import { readHttpServerText, type HttpServerText } from './http-server-settings.js';
import { readRuleBook, type RuleBook } from './regex-rules.js';
import { childElement, type XmlElement } from './xml-tree.js';

/** `FinishedEventFormat`: the per-event "lookup finished" format and whether the config turns it on. */
export interface FinishedSettings {
  readonly format: string;
  readonly enabled: boolean;
}

/** Service alerts: where they go and how they look. */
export interface AlertSettings {
  readonly target: Endpoint;
  readonly format: string;
  readonly fieldFormat: string;
}

/** What the simulator uses from kl_feed_service.conf, for the General tenant. */
export interface FeedServiceConfig {
  readonly layout: ConfigLayout;
  readonly tenant: string;
  readonly input: Endpoint;
  readonly output: ConnectionTarget;
  readonly rules: RuleBook;
  readonly eventFormat: string;
  readonly recordFieldFormat: string;
  /** Absent element: finished events are never sent, even when a session asks for them. */
  readonly finished: FinishedSettings | undefined;
  /** Undefined when alerts are off: no AlertFormat, or AlertConnectionString absent or not enabled. */
  readonly alerts: AlertSettings | undefined;
  /** `HTTPServer` as written; validated only when the lab starts the REST endpoint (docs/LAB-SIMULATOR.md). */
  readonly httpServer: HttpServerText;
  /** Things the simulator accepted but does not act on; logged at start-up. */
  readonly warnings: readonly string[];
}

/**
 * Reads a parsed config in the 4.x or 5.x layout. Mandatory: InputSettings/ConnectionString,
 * OutputSettings/ConnectionString, EventFormat and RecordFieldContextFormat; FinishedEventFormat is
 * optional (docs/LAB-SIMULATOR.md says why).
 */
export function readFeedServiceConfig(root: XmlElement): FeedServiceConfig {
  const warnings: string[] = [];
  const tenant = locateTenant(root);
  const { prefix } = tenant;
  const inputAt = `${prefix}InputSettings/`;
  const outputAt = `${prefix}OutputSettings/`;
  const eventAt = `${tenant.eventSettingsPath}/`;
  const input = parseTcpEndpoint(mandatory(tenant.input, 'ConnectionString', inputAt).text, `${inputAt}ConnectionString`);
  const output = parseConnectionString(mandatory(tenant.output, 'ConnectionString', outputAt).text, `${outputAt}ConnectionString`);
  const eventFormat = mandatory(tenant.eventSettings, 'EventFormat', eventAt).text;
  const recordFieldFormat = mandatory(tenant.output, 'RecordFieldContextFormat', outputAt).text;
  const rules = readRuleBook(childElement(tenant.input, 'RegExps'), (message) => warnings.push(message));
  if (output.kind === 'pipe')
    warnings.push(`${outputAt}ConnectionString: named pipes are not supported by the lab simulator; results outside ReplyBack are dropped`);
  if (childElement(tenant.input, 'EventDelimiter') !== undefined)
    warnings.push(`${inputAt}EventDelimiter is not simulated: LF alone ends an event`);
  const finishedElement = childElement(tenant.eventSettings, 'FinishedEventFormat');
  const finished = finishedElement && {
    format: finishedElement.text,
    enabled: isEnabled(finishedElement, `${eventAt}FinishedEventFormat`, warnings),
  };
  return {
    layout: tenant.layout,
    tenant: tenant.tenant,
    input,
    output,
    rules,
    eventFormat,
    recordFieldFormat,
    finished,
    alerts: readAlerts(tenant.alertSettings, tenant.alertSettingsPath, tenant.alertFieldFormat, warnings),
    httpServer: readHttpServerText(root, tenant.layout),
    warnings,
  };
}

function readAlerts(parent: XmlElement | undefined, path: string, fieldFormat: string, warnings: string[]): AlertSettings | undefined {
  const connection = childElement(parent, 'AlertConnectionString');
  const format = childElement(parent, 'AlertFormat');
  if (connection === undefined || !isEnabled(connection, `${path}/AlertConnectionString`, warnings) || format === undefined)
    return undefined;
  const target = parseConnectionString(connection.text, `${path}/AlertConnectionString`);
  if (target.kind === 'pipe') {
    warnings.push(`${path}/AlertConnectionString: named pipes are not supported by the lab simulator; no service alerts`);
    return undefined;
  }
  return { target: { host: target.host, port: target.port }, format: format.text, fieldFormat };
}

// The attribute is `enabled` (the ReplyBack page's `enable` is taken as a typo, REFERENCE.md 1.6). Only the
// documented `true` is on (the shared rule, shared/requirements/values/xml-text.ts), as the audit judges it:
// a missing attribute is off, and `True` or ` true ` is off with a warning, never silently on.
function isEnabled(element: XmlElement, where: string, warnings: string[]): boolean {
  const value = element.attributes.get('enabled');
  const undocumented = describeUndocumentedSwitch('enabled', value);
  if (undocumented !== undefined) warnings.push(`${where}: ${undocumented}; the lab simulator treats it as off`);
  return isXmlSwitchOn(value);
}
