import type { LabOs } from '../spec.js';
import { fromBin } from './tree-layout.js';

// Indicator export tasks (REFERENCE 4.5): HA needs the same names and filters on every instance.
// The creator-user and credentials attributes are left out: their names are not documented. Tests that
// need a per-instance attribute add one per instance themselves (req5 never compares or copies it).

/** The filter value the `export-tasks` drift changes (`%NOW%-7` becomes `%NOW%-30`). */
export const EXPORT_WINDOW_FILTER = '<Filter field="ioc_updated_timestamp" value="%NOW%-7" included="true"/>';

/** The `IoCExports` block with the lab's two reference tasks. */
export function exportTasksElement(os: LabOs): string[] {
  return [
    `<IoCExports export_dir="${fromBin(os, 'reports')}">`,
    '  <IoCExport name="apt_hashes_weekly" enabled="true" delimiter="," update_frequency="1440" create_header="true" records_limit="50000">',
    '    <Filter field="category" value="KL_APT_Hash_MD5" included="true"/>',
    `    ${EXPORT_WINDOW_FILTER}`,
    '  </IoCExport>',
    '  <IoCExport name="botnet_cnc_urls" enabled="true" delimiter=";" update_frequency="60" create_header="false" records_limit="10000">',
    '    <Filter field="category" value="KL_BotnetCnC_URL" included="false"/>',
    '  </IoCExport>',
    '</IoCExports>',
  ];
}
