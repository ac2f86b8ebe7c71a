import { findChild, findChildren } from '../xml/index.js';
import type { XmlElement } from '../xml/types.js';
import { attributeOf, locate, xmlTextValue } from './locate.js';
import type { FeedModel, FeedUtilConfModel, ParsedConfFile } from './types.js';

/** Maps a parsed kl_feed_util.conf (REFERENCE 4.3: Settings > Feeds > Feed, CertFile) onto the model. */
export function feedUtilConfModel(file: ParsedConfFile): FeedUtilConfModel {
  const { root } = file.doc;
  const feeds = locate(root, ['Feeds'], `${root.name} > Feeds`);
  const list = feeds.element ? findChildren(feeds.element, 'Feed').map(feedModel) : [];
  const certFile = findChild(root, 'CertFile');
  return { file, feeds, list, certFile: certFile ? xmlTextValue(certFile) : undefined };
}

function feedModel(element: XmlElement): FeedModel {
  const name = findChild(element, 'Name');
  return { element, name: name ? xmlTextValue(name) : undefined, state: attributeOf(element, 'enabled'), stateAttribute: 'enabled' };
}
