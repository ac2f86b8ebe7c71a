import { ConfigError } from './config-error.js';
import { childElement, childElements, descend, type XmlElement } from './xml-tree.js';

/** Config layouts the simulator reads (REFERENCE.md 1.4.2 and 1.4.3). */
export type ConfigLayout = '4.x' | '5.x';

/** Where the General tenant's settings live in one config file, whatever its layout. */
export interface TenantElements {
  readonly layout: ConfigLayout;
  readonly tenant: string;
  /** Path prefix for messages, e.g. `Domains/Domain[@name="General"]/`. */
  readonly prefix: string;
  readonly input: XmlElement;
  readonly output: XmlElement;
  /** Parent of EventFormat and FinishedEventFormat: OutputSettings (4.x) or OutputSettings/EventSettings (5.x). */
  readonly eventSettings: XmlElement | undefined;
  readonly eventSettingsPath: string;
  /** Parent of AlertConnectionString and AlertFormat: OutputSettings (4.x), NotificationSettings/ServiceAlertsSettings (5.x). */
  readonly alertSettings: XmlElement | undefined;
  readonly alertSettingsPath: string;
  /** The field format for `%RecordContext%` in service alerts. */
  readonly alertFieldFormat: string;
}

/**
 * Finds the General tenant. 4.x keeps it at the top level (`InputSettings` under the root) even
 * when `Domains` holds other tenants; 5.x keeps every tenant under `Domains/Domain`, General by
 * name or else the first. The root element's own name is not checked: it is undocumented.
 */
export function locateTenant(root: XmlElement): TenantElements {
  if (childElement(root, 'InputSettings') !== undefined) {
    const output = mandatory(root, 'OutputSettings', '');
    return {
      layout: '4.x',
      tenant: 'General',
      prefix: '',
      input: mandatory(root, 'InputSettings', ''),
      output,
      eventSettings: output,
      eventSettingsPath: 'OutputSettings',
      alertSettings: output,
      alertSettingsPath: 'OutputSettings',
      alertFieldFormat: childElement(output, 'RecordFieldContextFormat')?.text ?? '',
    };
  }
  const domains = childElements(childElement(root, 'Domains'), 'Domain');
  const domain = domains.find((candidate) => candidate.attributes.get('name') === 'General') ?? domains[0];
  if (domain === undefined) {
    throw new ConfigError(
      'missing-element',
      'mandatory element InputSettings is missing (neither at the top level, 4.x, nor in Domains/Domain, 5.x)',
    );
  }
  const tenant = domain.attributes.get('name') ?? '';
  const prefix = `Domains/Domain[@name="${tenant}"]/`;
  const output = mandatory(domain, 'OutputSettings', prefix);
  const alertSettings = descend(root, 'NotificationSettings', 'ServiceAlertsSettings');
  return {
    layout: '5.x',
    tenant,
    prefix,
    input: mandatory(domain, 'InputSettings', prefix),
    output,
    eventSettings: childElement(output, 'EventSettings'),
    eventSettingsPath: `${prefix}OutputSettings/EventSettings`,
    alertSettings,
    alertSettingsPath: 'NotificationSettings/ServiceAlertsSettings',
    alertFieldFormat: childElement(alertSettings, 'ContextFormat')?.text ?? '',
  };
}

/** The named child, or a refusal naming the full path of the missing mandatory element. */
export function mandatory(parent: XmlElement | undefined, name: string, parentPath: string): XmlElement {
  const element = childElement(parent, name);
  if (element === undefined) throw new ConfigError('missing-element', `mandatory element ${parentPath}${name} is missing`);
  return element;
}
