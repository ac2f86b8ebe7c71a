// What the audit reads from one instance and what the fixers hand back: the seam between the SSH side and the config model.
import type { AlertsMode } from '../../../shared/project/schema.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { ConfigLayout } from '../../../shared/requirements/layout-paths.js';
import type { FormatElement } from '../../../shared/requirements/values/formats.js';
import type { SemanticChange, XmlDocument, XmlElement } from '../xml/types.js';

/** One file as read from a host: its exact bytes, or the fact that it is not there. */
export type HostFile =
  | { readonly path: string; readonly present: true; readonly bytes: Uint8Array; readonly sha256: string }
  /** `refused`: not read because the path policy forbids it (outside the service folder, or through a link): never written either. */
  | { readonly path: string; readonly present: false; readonly reason: string; readonly refused?: boolean };

/** Every file of one instance the eight requirements need, as read in one pass. */
export interface InstanceFiles {
  readonly os: 'linux' | 'windows';
  /** `%service_dir%` as detected or as the project gives it. */
  readonly serviceDir: string;
  readonly serviceConf: HostFile;
  readonly feedUtilConf: HostFile;
  /** The PEM named by kl_feed_util.conf's CertFile, resolved on the host; undefined when CertFile is absent. */
  readonly certificate?: HostFile;
  /** `%service_dir%/httpsrv/lic` and its `*.key` files (sorted by name); present: false when the directory is missing. */
  readonly licenseDir: { readonly path: string; readonly present: boolean; readonly keys: readonly HostFile[] };
}

/** What the requirements need to know beyond the files. */
export interface ObserveContext {
  /** Name of the Balancer request-id rule (project.reqRuleName, default REQ). */
  readonly reqRuleName: string;
  /** Balancer's address and cybertrace_port, when known (project or kl_balancer.conf); the alerts item is unknown without it. */
  readonly balancer?: { readonly host: string; readonly cybertracePort: number };
  /** The project's alerts setting; absent: judged as `balancer`. */
  readonly alerts?: AlertsMode;
}

/**
 * One file change the plan proposes and the apply step writes; the same object drives the preview and the
 * write. A plan lists its changes in the order they must be applied: a key copy may reuse the name a
 * set-aside earlier in the list frees (its beforeSha256 is then undefined although the file exists at plan time).
 */
export interface FileChange {
  readonly path: string;
  readonly requirements: readonly RequirementId[];
  /** edit: new bytes of an existing file; copy: bytes copied from the reference; set-aside: an extra file renamed out of the way. */
  readonly kind: 'edit' | 'copy' | 'set-aside';
  /** SHA-256 of the bytes read (undefined when the file does not exist yet). */
  readonly beforeSha256: string | undefined;
  /** New bytes (for set-aside: the file's unchanged bytes, written under `newPath`). */
  readonly afterBytes: Uint8Array;
  readonly afterSha256: string;
  /** For set-aside: where the file goes. */
  readonly newPath?: string;
  /** The service must be stopped before this change and started after it. */
  readonly restart: boolean;
  readonly unifiedDiff: string;
  readonly semanticChanges: readonly SemanticChange[];
}

/** A requirement the plan cannot fix on an instance, and why (manual steps, or an edit that failed its own checks). */
export interface PlanRefusal {
  readonly requirement: RequirementId;
  readonly reason: string;
  /** What to do by hand (the catalogue's steps for the instance's layout); absent when the layout is not known. */
  readonly manual?: string;
}

/** A configuration file of an instance, parsed by the byte-preserving XML layer. */
export interface ParsedConfFile {
  readonly path: string;
  readonly sha256: string;
  readonly doc: XmlDocument;
}

/** A part of the model that was read, or why it could not be (a missing file, an unrecognised layout). */
export type Readable<T> = { readonly known: true; readonly model: T } | { readonly known: false; readonly reason: string };

/** An element expected at a layout path: the element when present, and the parent it would go into when that exists. */
export interface LocatedElement {
  readonly element: XmlElement | undefined;
  /** The element the path's last step is looked up in (where an insertion goes); undefined when the path breaks earlier. */
  readonly parent: XmlElement | undefined;
  /** The path for people, e.g. `Domains > Domain (General) > OutputSettings > EventSettings > FinishedEventFormat`. */
  readonly where: string;
}

/** One `Source` element of the General tenant's InputSettings/RegExps, with its rules (its element children). */
export interface RegexSourceModel {
  readonly element: XmlElement;
  /** The `id` attribute; undefined when absent. */
  readonly id: string | undefined;
  readonly rules: readonly XmlElement[];
}

/** A `Feed` element (kl_feed_util.conf Feeds/Feed, or a tenant's Feeds/Feed in kl_feed_service.conf). */
export interface FeedModel {
  readonly element: XmlElement;
  /** kl_feed_util.conf: the Name child's text; tenant feeds: the feedname attribute. Undefined when absent. */
  readonly name: string | undefined;
  /** kl_feed_util.conf: the enabled attribute; tenant feeds: the used attribute. Undefined when absent. */
  readonly state: string | undefined;
  /** The attribute that switches it: `enabled` (kl_feed_util.conf) or `used` (tenant feed). */
  readonly stateAttribute: 'enabled' | 'used';
}

/** kl_feed_service.conf mapped onto one model, whichever layout it has. */
export interface ServiceConfModel {
  readonly file: ParsedConfFile;
  readonly layout: ConfigLayout;
  /** How the layout and the General tenant were recognised (said in the findings and the UI). */
  readonly layoutNote: string;
  /** The General tenant's element: the root (4.x) or its Domain (5.x). */
  readonly tenant: XmlElement;
  /** The tenant's InputSettings/RegExps. */
  readonly regExps: LocatedElement;
  readonly regexSources: readonly RegexSourceModel[];
  /** The tenant's input ConnectionString text (`host:port` or a pipe), undefined when absent. */
  readonly inputConnection: string | undefined;
  /** FeedUtil/ConfigurationPath (4.x GUISettings, 5.x ServiceSettings), undefined when absent. */
  readonly feedUtilConfigurationPath: string | undefined;
  readonly formats: { readonly [K in FormatElement]: LocatedElement };
  readonly finishedEventFormat: LocatedElement;
  readonly alertConnection: LocatedElement;
  /** AlertFormat next to AlertConnectionString (REFERENCE 1.4.2 / 1.4.3). */
  readonly alertFormat: LocatedElement;
  /** 5.x: a FinishedEventFormat directly under the tenant's OutputSettings (the 5.0 page's path), undefined when none. */
  readonly finishedEventMisplaced: LocatedElement | undefined;
  readonly iocExports: LocatedElement;
  /** IoCExports/IoCExport elements in file order. */
  readonly exportTasks: readonly XmlElement[];
  /** 5.x: the tenant's Feeds and its Feed elements; undefined on 4.x. */
  readonly tenantFeeds: { readonly feeds: LocatedElement; readonly list: readonly FeedModel[] } | undefined;
  /** A top-level Feeds element when present. */
  readonly topLevelFeeds: XmlElement | undefined;
}

/** kl_feed_util.conf as a model. */
export interface FeedUtilConfModel {
  readonly file: ParsedConfFile;
  /** Settings/Feeds. */
  readonly feeds: LocatedElement;
  readonly list: readonly FeedModel[];
  /** Settings/CertFile text (untrimmed), undefined when absent. */
  readonly certFile: string | undefined;
}

/** Both configuration files of an instance as one model; what could not be read says why. */
export interface InstanceConfig {
  readonly service: Readable<ServiceConfModel>;
  readonly feedUtil: Readable<FeedUtilConfModel>;
}
