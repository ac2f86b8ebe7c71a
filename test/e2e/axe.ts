// axe-core in the page over one part of it: the serious and critical violations found there, in both colour schemes (issue 13 item 7).
import axeCore from 'axe-core';
import type { Page } from 'playwright-core';

type AxeRun = (
  context: string,
  options: object,
) => Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;

/** The serious or critical violations inside `selector`, in light and dark, each as one line naming rule, count and first node. */
export async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const lines = await page.evaluate(
      async ({ source, within }) => {
        if (!('axe' in window)) (0, eval)(source);
        const axe = (window as unknown as { axe: { run: AxeRun } }).axe;
        const result = await axe.run(within, {
          resultTypes: ['violations'],
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        });
        return result.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            (violation) =>
              `${violation.id} x${violation.nodes.length} (${violation.help}; first: ${JSON.stringify(violation.nodes[0]?.target)})`,
          );
      },
      { source: axeCore.source, within: selector },
    );
    found.push(...lines.map((line) => `${colorScheme}: ${line}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
