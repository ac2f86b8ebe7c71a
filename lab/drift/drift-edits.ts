import type { DriftPreset, LabVersion } from '../spec.js';
import { EXPORT_WINDOW_FILTER } from '../trees/export-tasks.js';
import { DRIFT_FEED, domainFeed, feedUtilFeed } from '../trees/feeds.js';
import { labLicenseKey } from '../trees/lab-license.js';
import { FEEDS_CERT_DRIFTED } from '../trees/lab-pki.js';
import { FINISHED_EVENT_FORMAT, REQ_PATTERN } from '../trees/reference-state.js';

// Each drift preset as the exact edits that turn the reference tree into the drifted one. Every text
// edit names a fragment that occurs once in the reference file, so a drift changes that place and
// nothing else, and fails loudly on a file that is not in reference form.

/** One change to one file of the tree, the file named by its key in HostTreeLayout. */
export type DriftEdit =
  /** Replace the one occurrence of `from` (LF in the fragment stands for the file's own line ending). */
  | { readonly kind: 'replace'; readonly file: 'serviceConf' | 'feedUtilConf'; readonly from: string; readonly to: string }
  /** Delete the one line that contains `containing`, with its line ending. */
  | { readonly kind: 'remove-line'; readonly file: 'serviceConf'; readonly containing: string }
  /** Replace a text file's content, written in the file's own line endings and BOM. */
  | { readonly kind: 'rewrite-text'; readonly file: 'feedsCert'; readonly text: string }
  /** Replace a binary file's bytes. */
  | { readonly kind: 'rewrite-bytes'; readonly file: 'licenseKey'; readonly bytes: Uint8Array };

/** The edits that seed `preset` into a reference tree of this version. */
export function driftEdits(version: LabVersion, preset: DriftPreset): readonly DriftEdit[] {
  switch (preset) {
    case 'feeds': {
      const util: DriftEdit = {
        kind: 'replace',
        file: 'feedUtilConf',
        from: feedUtilFeed(DRIFT_FEED, false).join('\n'),
        to: feedUtilFeed(DRIFT_FEED, true).join('\n'),
      };
      // 4.x keeps enabled feeds in kl_feed_util.conf only; 5.x also marks them per tenant (Feed@used).
      if (version !== '5.1') return [util];
      return [util, { kind: 'replace', file: 'serviceConf', from: domainFeed(DRIFT_FEED, false), to: domainFeed(DRIFT_FEED, true) }];
    }
    case 'req-missing':
      return [{ kind: 'remove-line', file: 'serviceConf', containing: '<REQ ' }];
    case 'req-regex':
      // Only the pattern, so that req-regex and req-type can be seeded on one instance together.
      return [{ kind: 'replace', file: 'serviceConf', from: `>${REQ_PATTERN}</REQ>`, to: String.raw`>^(\d+):</REQ>` }];
    case 'req-type':
      return [{ kind: 'replace', file: 'serviceConf', from: '<REQ type="CONTEXT">', to: '<REQ type="URL">' }];
    case 'event-format':
      // The pre-HA format: the same fields without the request id in front.
      return [{ kind: 'replace', file: 'serviceConf', from: '<EventFormat>%REQ% ', to: '<EventFormat>' }];
    case 'finished-disabled':
      return [
        { kind: 'replace', file: 'serviceConf', from: '<FinishedEventFormat enabled="true">', to: '<FinishedEventFormat enabled="false">' },
      ];
    case 'finished-absent':
      return [{ kind: 'remove-line', file: 'serviceConf', containing: '<FinishedEventFormat ' }];
    case 'export-tasks':
      return [
        { kind: 'replace', file: 'serviceConf', from: EXPORT_WINDOW_FILTER, to: EXPORT_WINDOW_FILTER.replace('%NOW%-7', '%NOW%-30') },
      ];
    case 'license':
      return [{ kind: 'rewrite-bytes', file: 'licenseKey', bytes: labLicenseKey('drifted') }];
    case 'certificate':
      return [{ kind: 'rewrite-text', file: 'feedsCert', text: FEEDS_CERT_DRIFTED }];
    case 'alerts':
      // Still pointing at Balancer, but switched off: what an unticked "send to Balancer" box leaves.
      return [
        {
          kind: 'replace',
          file: 'serviceConf',
          from: '<AlertConnectionString enabled="true">',
          to: '<AlertConnectionString enabled="false">',
        },
      ];
  }
}

/**
 * The 5.x variant of requirement 8's placement: FinishedEventFormat directly under the General tenant's
 * OutputSettings, the path the 5.0 HA page 215368 writes, instead of OutputSettings > EventSettings
 * (REFERENCE 1.4.3, 3.5 step 8). Value and `enabled` stay as documented, so only the place drifts.
 */
export const FINISHED_UNDER_OUTPUT_SETTINGS: readonly DriftEdit[] = [
  { kind: 'remove-line', file: 'serviceConf', containing: FINISHED_EVENT_FORMAT },
  { kind: 'replace', file: 'serviceConf', from: '</EventSettings>', to: `</EventSettings>\n${FINISHED_EVENT_FORMAT}` },
];
