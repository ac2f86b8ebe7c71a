import { placeholder } from '../targets.js';
import { FORMAT_ELEMENTS, type FormatsValue } from '../values/formats.js';
import { sameXmlText, xmlText } from '../values/xml-text.js';
import type { Comparer } from './comparer.js';
import { quote } from './quote.js';

/** Requirement 7: identical detection-event formats on every instance, EventFormat starting with %REQ%. */
export const formatsComparer: Comparer<FormatsValue> = {
  comparable: (value) => value,
  offTarget: (value, ctx) => {
    const start = placeholder(ctx.reqRuleName);
    if (value.EventFormat === null) return 'no EventFormat element';
    return xmlText(value.EventFormat).startsWith(start)
      ? undefined
      : `EventFormat ${quote(value.EventFormat, 60)} does not start with ${start}`;
  },
  referenceOffTarget: 'needs-reference',
  compare: (reference, instance) => {
    const differing = FORMAT_ELEMENTS.filter((name) => !sameXmlText(reference[name], instance[name]));
    if (differing.length === 0) return { status: 'match', detail: 'formats identical to the reference' };
    return {
      status: 'drift',
      detail: differing.map((name) => `${name} ${quote(instance[name], 50)} (reference ${quote(reference[name], 50)})`).join('; '),
    };
  },
};
