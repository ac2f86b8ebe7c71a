// The discovery facts of `ctha audit`'s text output: per instance, the service folder, where each config
// was found and why there (project / pointer / default), and the version with the line it came from.
import type { AuditReport, ConfigLocationFact, FileFact } from '../../shared/contract/ops/audit.js';

const SOURCE: Readonly<Record<ConfigLocationFact['source'], string>> = {
  project: 'from the project (configPaths)',
  pointer: "from the service config's FeedUtil/ConfigurationPath",
  default: "the help's default folder",
};

function fileLine(label: string, file: FileFact | undefined, location: ConfigLocationFact | undefined): string[] {
  if (file === undefined) return [`    ${label}: unknown`];
  const state = file.present ? `${file.size ?? '?'} bytes` : `not read: ${file.reason ?? 'absent'}`;
  return [
    `    ${label}: ${file.path} (${location === undefined ? 'location not recorded' : SOURCE[location.source]}; ${state})`,
    ...(location === undefined ? [] : [`      ${location.evidence}`]),
  ];
}

/** "Discovery:" then, per discovered instance, its folder, both configs with where each came from, and its version. */
export function discoveryFactLines(report: AuditReport): string[] {
  const lines = ['Discovery:'];
  for (const instance of report.instances) {
    const facts = instance.facts;
    if (facts === undefined) {
      lines.push(
        `  ${instance.instance}: not discovered${instance.failure ? ` (${instance.failure.stage}: ${instance.failure.reason})` : ''}`,
      );
      continue;
    }
    lines.push(`  ${instance.instance}: service dir ${facts.serviceDir.value ?? 'unknown'} (${facts.serviceDir.evidence})`);
    lines.push(...fileLine('kl_feed_service.conf', facts.serviceConf, facts.configLocations?.serviceConf));
    lines.push(...fileLine('kl_feed_util.conf', facts.feedUtilConf, facts.configLocations?.feedUtilConf));
    lines.push(`    version: ${facts.version.value ?? 'unknown'} (${facts.version.evidence})`);
  }
  return lines;
}
