import type { FormatElement } from './values/formats.js';

// Where each fact lives in kl_feed_service.conf per layout (REFERENCE 1.4.2, 1.4.3, 3.5, 6). The engine's
// config model reads these paths and the catalogue prints them, so the two cannot disagree.

/** The two service-config layouts the product reads: 4.x keeps the General tenant at the top level, 5.x under Domains. */
export type ConfigLayout = '4.x' | '5.x';

/** Element names from one element down to another, e.g. ['OutputSettings', 'EventSettings']. */
export type ElementPath = readonly string[];

/** Paths of one layout: those marked "tenant" start at the General tenant's element, the others at the root. */
export interface LayoutPaths {
  /** From the root to the General tenant's element ([] = the root itself). */
  readonly tenant: ElementPath;
  /** Tenant: the RegExps holding Source elements (the request-id rule's home). */
  readonly regExps: ElementPath;
  /** Tenant: the input ConnectionString (host:port the service listens on). */
  readonly inputConnection: ElementPath;
  /** Tenant: each detection-event format element. */
  readonly formats: { readonly [K in FormatElement]: ElementPath };
  /** Tenant: FinishedEventFormat. */
  readonly finishedEventFormat: ElementPath;
  /** Root: AlertConnectionString. */
  readonly alertConnection: ElementPath;
  /** Root: AlertFormat (absent: no service alerts are sent, REFERENCE 1.4.2). */
  readonly alertFormat: ElementPath;
  /** Tenant: where one 5.0 help page puts FinishedEventFormat instead (REFERENCE 1.4.3, 3.5 step 8); undefined on 4.x. */
  readonly finishedEventMisplaced: ElementPath | undefined;
  /** Root: IoCExports. */
  readonly iocExports: ElementPath;
  /** Tenant: the per-tenant Feeds (5.x only). */
  readonly tenantFeeds: ElementPath | undefined;
  /** Root: a top-level Feeds element (listed for 4.x, contents undocumented). */
  readonly topLevelFeeds: ElementPath;
}

/** The paths of each layout. */
export const LAYOUT_PATHS: { readonly [L in ConfigLayout]: LayoutPaths } = {
  '4.x': {
    tenant: [],
    regExps: ['InputSettings', 'RegExps'],
    inputConnection: ['InputSettings', 'ConnectionString'],
    formats: {
      EventFormat: ['OutputSettings', 'EventFormat'],
      RecordFieldContextFormat: ['OutputSettings', 'RecordFieldContextFormat'],
      ActionableFieldContextFormat: ['OutputSettings', 'ActionableFieldContextFormat'],
    },
    finishedEventFormat: ['OutputSettings', 'FinishedEventFormat'],
    alertConnection: ['OutputSettings', 'AlertConnectionString'],
    alertFormat: ['OutputSettings', 'AlertFormat'],
    finishedEventMisplaced: undefined,
    iocExports: ['IoCExports'],
    tenantFeeds: undefined,
    topLevelFeeds: ['Feeds'],
  },
  '5.x': {
    tenant: ['Domains', 'Domain'],
    regExps: ['InputSettings', 'RegExps'],
    inputConnection: ['InputSettings', 'ConnectionString'],
    formats: {
      EventFormat: ['OutputSettings', 'EventSettings', 'EventFormat'],
      RecordFieldContextFormat: ['OutputSettings', 'RecordFieldContextFormat'],
      ActionableFieldContextFormat: ['OutputSettings', 'EventSettings', 'ActionableFieldContextFormat'],
    },
    finishedEventFormat: ['OutputSettings', 'EventSettings', 'FinishedEventFormat'],
    alertConnection: ['NotificationSettings', 'ServiceAlertsSettings', 'AlertConnectionString'],
    alertFormat: ['NotificationSettings', 'ServiceAlertsSettings', 'AlertFormat'],
    // The 5.0 HA page (215368) and the 5.0 OutputSettings page write OutputSettings > FinishedEventFormat.
    finishedEventMisplaced: ['OutputSettings', 'FinishedEventFormat'],
    iocExports: ['IoCExports'],
    tenantFeeds: ['Feeds'],
    topLevelFeeds: ['Feeds'],
  },
};

/** A path for people: `Domains > Domain > OutputSettings`, with the tenant prefix when `fromTenant`. */
export function describePath(layout: ConfigLayout, path: ElementPath, fromTenant: boolean): string {
  const tenant = fromTenant ? LAYOUT_PATHS[layout].tenant : [];
  const parts = [...tenant.map((name) => (name === 'Domain' ? 'Domain (General)' : name)), ...path];
  return parts.join(' > ');
}
