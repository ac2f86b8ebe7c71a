import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_SPECS } from '../../../shared/requirements/catalogue.js';

// docs/REQUIREMENTS.md prints the catalogue in Markdown tables: `|` escaped, `<` as &lt; outside code spans.
const doc = readFileSync(new URL('../../../docs/REQUIREMENTS.md', import.meta.url), 'utf8');
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/</g, '&lt;');

describe('docs/REQUIREMENTS.md', () => {
  it.each(REQUIREMENT_SPECS.map((spec) => [spec.id, spec] as const))('prints the catalogue entry of %s as it is', (_id, spec) => {
    const section = doc.slice(doc.indexOf(`### ${spec.id}: ${spec.title}`));
    expect(section.length).toBeLessThan(doc.length);
    const rows = [
      `| Collected, 4.x | ${spec.collects['4.x'].map(cell).join('<br>')} |`,
      `| Collected, 5.x | ${spec.collects['5.x'].map(cell).join('<br>')} |`,
      `| Comparison | ${cell(spec.comparison)} |`,
      `| Match | ${cell(spec.match)} |`,
      `| Automatable | ${spec.automatable} |`,
      `| Fix | ${cell(spec.fix)} |`,
      `| Restart | ${spec.needsRestart} |`,
      `| By hand, 4.x | ${cell(spec.manual['4.x'])} |`,
      `| By hand, 5.x | ${cell(spec.manual['5.x'])} |`,
    ];
    for (const row of rows) expect(section).toContain(row);
    if (spec.documentedValue) expect(section).toContain(`| Documented value | \`${spec.documentedValue.replace(/\|/g, '\\|')}\` |`);
  });
});
