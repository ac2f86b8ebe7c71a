import { jsonEqual } from '../../../shared/requirements/json.js';
import { XML_FALSE, isXmlSwitchOff } from '../../../shared/requirements/values/xml-text.js';
import { canonicalElement } from '../model/canonical-element.js';
import type { FeedModel, LocatedElement, ParsedConfFile } from '../model/types.js';
import type { XmlEdit } from '../xml/types.js';
import { rawSnippet } from './xml-snippets.js';

/** A feed list to bring in line with the reference's: the instance's side and the reference's. */
export interface FeedSync {
  readonly container: LocatedElement;
  /** The instance's feeds that take part (all of kl_feed_util.conf; the matching tenant feeds). */
  readonly mine: readonly FeedModel[];
  /** The reference's feeds that take part, and the document they are in (copied elements come from it). */
  readonly theirs: readonly FeedModel[];
  readonly theirDoc: ParsedConfFile;
  /** Feeds the reference switches on but the instance lacks: inserted (kl_feed_util.conf) or refused (tenant feeds). */
  readonly missing: 'insert' | 'refuse';
}

/**
 * Edits that switch the instance's feeds like the reference's: a feed switched on there is copied (when
 * missing or different) or switched on here; a feed switched on here only is switched off
 * (`enabled`/`used` = "false"), never deleted. Returns the refusal reason for a missing feed under 'refuse'.
 */
export function syncFeeds(sync: FeedSync): { readonly edits: XmlEdit[]; readonly allowedPaths: string[] } | string {
  // Not documented off counts as on, as in the observation (values/xml-text.ts): an undocumented state is synced, never ignored.
  const on = (feed: FeedModel): boolean => !isXmlSwitchOff(feed.state);
  const edits: XmlEdit[] = [];
  const mineByName = new Map<string, FeedModel>();
  for (const feed of sync.mine) if (feed.name !== undefined && !mineByName.has(feed.name)) mineByName.set(feed.name, feed);
  const wanted = new Set<string>();
  const container = sync.container.element;
  for (const feed of sync.theirs.filter(on)) {
    if (feed.name === undefined) return `a feed of the reference's ${sync.container.where} has no name`;
    wanted.add(feed.name);
    const mine = mineByName.get(feed.name);
    const xml = rawSnippet(sync.theirDoc.doc, feed.element);
    if (!mine) {
      if (sync.missing === 'refuse')
        return `feed "${feed.name}" is used on the reference but not defined on this instance: add it in CyberTrace Web`;
      if (!container) return `no ${sync.container.where} element on this instance`;
      edits.push({ kind: 'insert-child', parent: container, xml, position: 'last' });
    } else if (
      !jsonEqual(canonicalElement(mine.element, [mine.stateAttribute]), canonicalElement(feed.element, [feed.stateAttribute])) ||
      feed.state === undefined
    ) {
      // Different content, or a switch the reference leaves out (no edit removes an attribute): copy the element.
      edits.push({ kind: 'replace-element', element: mine.element, xml });
    } else if (mine.state !== feed.state) {
      edits.push({ kind: 'set-attribute', element: mine.element, name: feed.stateAttribute, value: feed.state });
    }
  }
  for (const feed of sync.mine.filter(on)) {
    if (feed.name !== undefined && wanted.has(feed.name) && mineByName.get(feed.name) === feed) continue;
    edits.push({ kind: 'set-attribute', element: feed.element, name: feed.stateAttribute, value: XML_FALSE });
  }
  const allowedPaths = container ? [container.path] : [];
  return { edits, allowedPaths };
}
