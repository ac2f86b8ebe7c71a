import { FORMAT_ELEMENTS, type FormatElement } from '../../../shared/requirements/values/formats.js';
import { LAYOUT_PATHS, type ConfigLayout } from '../../../shared/requirements/layout-paths.js';
import { findChild, findChildren } from '../xml/index.js';
import type { XmlElement } from '../xml/types.js';
import { attributeOf, locate, locateIn, xmlTextValue } from './locate.js';
import type { FeedModel, LocatedElement, ParsedConfFile, Readable, RegexSourceModel, ServiceConfModel } from './types.js';

/** The layout of a parsed kl_feed_service.conf and its General tenant, or why it is not recognised. */
export function detectLayout(root: XmlElement): Readable<{ layout: ConfigLayout; tenant: XmlElement; note: string }> {
  // 4.x also has Domains (for other tenants), so InputSettings at the top decides first.
  if (findChild(root, 'InputSettings')) {
    return {
      known: true,
      model: { layout: '4.x', tenant: root, note: '4.x layout: InputSettings under the root, the General tenant at the top level' },
    };
  }
  const domains = findChild(root, 'Domains');
  const all = domains ? findChildren(domains, 'Domain') : [];
  const general = all.find((domain) => attributeOf(domain, 'name') === 'General');
  if (general)
    return {
      known: true,
      model: { layout: '5.x', tenant: general, note: '5.x layout: the General tenant is Domains > Domain name="General"' },
    };
  const first = all[0];
  if (first) {
    const name = attributeOf(first, 'name');
    const note = `5.x layout: no Domain is named "General"; the first Domain (${name === undefined ? 'without a name' : `name="${name}"`}) is taken as the General tenant`;
    return { known: true, model: { layout: '5.x', tenant: first, note } };
  }
  return {
    known: false,
    reason: `${root.name} has neither InputSettings (4.x layout) nor Domains > Domain (5.x layout): layout not recognised`,
  };
}

/** Maps a parsed kl_feed_service.conf onto the model (layout, General tenant and the element of every fact). */
export function serviceConfModel(file: ParsedConfFile): Readable<ServiceConfModel> {
  const { root } = file.doc;
  const detected = detectLayout(root);
  if (!detected.known) return detected;
  const { layout, tenant, note } = detected.model;
  const paths = LAYOUT_PATHS[layout];
  const inTenant = (path: readonly string[]): LocatedElement => locateIn(layout, tenant, path, true);
  const atRoot = (path: readonly string[]): LocatedElement => locateIn(layout, root, path, false);

  const regExps = inTenant(paths.regExps);
  const iocExports = atRoot(paths.iocExports);
  const formats = Object.fromEntries(FORMAT_ELEMENTS.map((name) => [name, inTenant(paths.formats[name])])) as Record<
    FormatElement,
    LocatedElement
  >;
  const tenantFeedsAt = paths.tenantFeeds;
  const tenantFeeds = tenantFeedsAt === undefined ? undefined : feedsOf(inTenant(tenantFeedsAt));
  const feedUtilLink = locate(
    root,
    layout === '4.x' ? ['GUISettings', 'FeedUtil', 'ConfigurationPath'] : ['ServiceSettings', 'FeedUtil', 'ConfigurationPath'],
    '',
  ).element;
  const inputConnection = inTenant(paths.inputConnection).element;
  const misplacedAt = paths.finishedEventMisplaced;

  return {
    known: true,
    model: {
      file,
      layout,
      layoutNote: note,
      tenant,
      regExps,
      regexSources: regExps.element ? findChildren(regExps.element, 'Source').map(sourceModel) : [],
      inputConnection: inputConnection ? xmlTextValue(inputConnection) : undefined,
      feedUtilConfigurationPath: feedUtilLink ? xmlTextValue(feedUtilLink) : undefined,
      formats,
      finishedEventFormat: inTenant(paths.finishedEventFormat),
      alertConnection: atRoot(paths.alertConnection),
      alertFormat: atRoot(paths.alertFormat),
      finishedEventMisplaced: misplacedAt === undefined ? undefined : present(inTenant(misplacedAt)),
      iocExports,
      exportTasks: iocExports.element ? findChildren(iocExports.element, 'IoCExport') : [],
      tenantFeeds,
      topLevelFeeds: findChild(root, paths.topLevelFeeds[0] ?? 'Feeds'),
    },
  };
}

function present(located: LocatedElement): LocatedElement | undefined {
  return located.element ? located : undefined;
}

function sourceModel(element: XmlElement): RegexSourceModel {
  return { element, id: attributeOf(element, 'id'), rules: element.children };
}

function feedsOf(feeds: LocatedElement): { feeds: LocatedElement; list: FeedModel[] } {
  const list = feeds.element
    ? findChildren(feeds.element, 'Feed').map((element): FeedModel => ({
        element,
        name: attributeOf(element, 'feedname'),
        state: attributeOf(element, 'used'),
        stateAttribute: 'used',
      }))
    : [];
  return { feeds, list };
}
