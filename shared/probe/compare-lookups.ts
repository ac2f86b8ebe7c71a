import type { AnswerGroup, IndicatorAnswer, IndicatorComparison } from './spot-check-result.js';

/** The answers one instance gave. */
export interface InstanceAnswers {
  readonly instance: string;
  readonly answers: readonly IndicatorAnswer[];
}

/**
 * Groups, per indicator, the instances that gave the same answer (result word and set of categories;
 * context values are not compared: they may legitimately carry per-instance detail). An indicator is
 * consistent when every instance that answered is in one group; instances that left it out are listed
 * as missing and make it inconsistent, because the engineer cannot tell what they hold.
 */
export function compareLookups(indicators: readonly string[], instances: readonly InstanceAnswers[]): IndicatorComparison[] {
  return indicators.map((indicator) => {
    const groups = new Map<string, AnswerGroup & { instances: string[] }>();
    const missing: string[] = [];
    for (const { instance, answers } of instances) {
      const answer = answers.find((candidate) => candidate.indicator === indicator);
      if (answer === undefined) {
        missing.push(instance);
        continue;
      }
      const categories = [...new Set(answer.categories)].sort();
      const key = JSON.stringify([answer.result, categories]);
      const group = groups.get(key) ?? { result: answer.result, categories, instances: [] };
      group.instances.push(instance);
      groups.set(key, group);
    }
    const list = [...groups.values()];
    return { indicator, consistent: list.length <= 1 && missing.length === 0, groups: list, missing };
  });
}
