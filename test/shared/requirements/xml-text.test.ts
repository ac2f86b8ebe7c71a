// The one whitespace/case rule (shared/requirements/values/xml-text.ts) as a table, and the comparisons
// that route through it: a difference the help does not prove harmless is reported, never silently equal.
import { describe, expect, it } from 'vitest';
import { compareObservation } from '../../../shared/requirements/compare/compare-observation.js';
import { reqRulePlacement } from '../../../shared/requirements/compare/req-rule.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { JsonValue } from '../../../shared/requirements/json.js';
import {
  describeUndocumentedSwitch,
  differsOnlyInSpacingOrCase,
  isXmlSwitchOff,
  isXmlSwitchOn,
  sameXmlAttribute,
  sameXmlName,
  sameXmlText,
  xmlContainerText,
  xmlSwitch,
  xmlText,
  type XmlSwitch,
} from '../../../shared/requirements/values/xml-text.js';
import { CTX, consistent, reqRule } from './fixtures.js';

describe('element text (XML 1.0 2.11; trimming undocumented: never trimmed)', () => {
  const texts: [string, string, boolean][] = [
    ['%REQ% LookupFinished', '%REQ% LookupFinished', true],
    ['%REQ% LookupFinished', ' %REQ% LookupFinished', false],
    ['%REQ% LookupFinished', '%REQ% LookupFinished\n', false],
    ['%REQ% LookupFinished', '%REQ%  LookupFinished', false],
    ['%REQ% LookupFinished', '%req% LookupFinished', false],
    ['a\r\nb', 'a\nb', true],
    ['a\rb', 'a\nb', true],
    ['a\tb', 'a b', false],
  ];
  it.each(texts)('%j against %j: same = %s', (a, b, same) => {
    expect(sameXmlText(a, b)).toBe(same);
    expect(sameXmlText(b, a)).toBe(same);
  });

  it('absent is only the same as absent', () => {
    expect(sameXmlText(null, null)).toBe(true);
    expect(sameXmlText(null, '')).toBe(false);
    expect(sameXmlText(undefined, 'x')).toBe(false);
  });

  it('reads line ends as LF and keeps every other character', () => {
    expect(xmlText('\r\n  %REQ% x \r')).toBe('\n  %REQ% x \n');
  });

  it('container text: indentation is layout, other text compares trimmed', () => {
    expect(xmlContainerText('\r\n    \t\n')).toBe('');
    expect(xmlContainerText('\n  stray words \n')).toBe('stray words');
  });
});

describe('attribute values and names (REFERENCE 1.3: case-sensitive)', () => {
  const attributes: [string | null, string | null, boolean][] = [
    ['CONTEXT', 'CONTEXT', true],
    ['CONTEXT', 'context', false],
    ['10.0.0.5', ' 10.0.0.5', false],
    [null, '', false],
    [null, null, true],
  ];
  it.each(attributes)('%j against %j: same = %s', (a, b, same) => expect(sameXmlAttribute(a, b)).toBe(same));

  it('says when two different values differ only in spacing or case (still different)', () => {
    expect(differsOnlyInSpacingOrCase(' 10.0.0.5', '10.0.0.5')).toBe(true);
    expect(differsOnlyInSpacingOrCase('FD00::5', 'fd00::5')).toBe(true);
    expect(differsOnlyInSpacingOrCase('true', 'true')).toBe(false);
    expect(differsOnlyInSpacingOrCase('10.0.0.5', '10.0.0.6')).toBe(false);
  });

  it('element names are case-sensitive', () => {
    expect(sameXmlName('REQ', 'REQ')).toBe(true);
    expect(sameXmlName('REQ', 'Req')).toBe(false);
  });
});

describe('true/false switches (REFERENCE 1.4.2, 1.6, 4.3, 4.5: written true or false)', () => {
  const switches: [string | null | undefined, XmlSwitch][] = [
    ['true', 'on'],
    ['false', 'off'],
    [undefined, 'absent'],
    [null, 'absent'],
    ['True', 'undocumented'],
    ['TRUE', 'undocumented'],
    [' true ', 'undocumented'],
    ['1', 'undocumented'],
    ['yes', 'undocumented'],
    ['False', 'undocumented'],
    ['', 'undocumented'],
  ];
  it.each(switches)('%j reads as %s', (value, expected) => {
    expect(xmlSwitch(value)).toBe(expected);
    expect(isXmlSwitchOn(value)).toBe(expected === 'on');
    expect(isXmlSwitchOff(value)).toBe(expected === 'off');
    expect(describeUndocumentedSwitch('enabled', value) !== undefined).toBe(expected === 'undocumented');
  });

  it('says when only case or spacing differs from a documented value', () => {
    expect(describeUndocumentedSwitch('enabled', ' True')).toMatch(/enabled=" True".*only its case or spacing differs from true/);
    expect(describeUndocumentedSwitch('used', '1')).toMatch(/used="1".*not a documented value/);
    expect(describeUndocumentedSwitch('used', '1')).not.toMatch(/case or spacing/);
  });
});

describe('the comparisons route through the rule', () => {
  const compare = (id: RequirementId, instance: JsonValue, reference?: JsonValue) =>
    compareObservation(id, consistent(reference === undefined ? {} : { [id]: reference })[id], consistent({ [id]: instance })[id], CTX);

  it('requirement 8: enabled="True" and enabled=" true " drift, named as undocumented; the documented form matches', () => {
    for (const enabled of ['True', ' true ']) {
      const result = compare('req8', { present: true, enabled, text: '%REQ% LookupFinished' });
      expect(result.status, enabled).toBe('drift');
      expect(result.detail).toContain(`enabled=${JSON.stringify(enabled)} (not a documented value`);
    }
    expect(compare('req8', { present: true, enabled: 'true', text: '%REQ% LookupFinished' }).status).toBe('match');
  });

  it('requirement 8: a padded value drifts, a CRLF-free equal one matches', () => {
    expect(compare('req8', { present: true, enabled: 'true', text: ' %REQ% LookupFinished' }).status).toBe('drift');
    expect(compare('req8', { present: true, enabled: 'true', text: '%REQ% LookupFinished\n' }).status).toBe('drift');
  });

  it('alerts item: AlertConnectionString enabled="TRUE" is not sent', () => {
    const result = compare('alerts', { present: true, enabled: 'TRUE', text: '10.0.0.5:9998', alertFormat: 'x' });
    expect(result.status).toBe('drift');
    expect(result.detail).toContain('enabled="TRUE" (not a documented value');
  });

  it('requirement 7: a format that starts with a space does not start with %REQ%; a different space inside is drift', () => {
    const formats = (EventFormat: string): JsonValue => ({
      EventFormat,
      RecordFieldContextFormat: '%ParamName%=%ParamValue%',
      ActionableFieldContextFormat: ' %ParamName%:%ParamValue%',
    });
    expect(compare('req7', formats(' %REQ% category=%Category%')).detail).toMatch(/does not start with %REQ%/);
    expect(compare('req7', formats('%REQ%  category=%Category%')).status).toBe('drift');
    expect(compare('req7', formats('%REQ% category=%Category%')).status).toBe('match');
  });

  it('requirement 6: a padded regex and a lower-case type are off the documented rule', () => {
    expect(compare('req6', reqRule(String.raw` ^(\d+)\s`)).detail).toMatch(/has regex " \^\(\\\\d\+\)\\\\s"/);
    expect(compare('req6', reqRule(String.raw`^(\d+)\s`, 'context')).detail).toMatch(/has type "context", documented CONTEXT/);
  });

  it('requirement 6: a Source ip that differs from Balancer only in spacing or case is unknown, never reachable nor moved', () => {
    const rule = { source: 'balancer', sourceIp: ' 10.0.0.5', type: 'CONTEXT', regex: String.raw`^(\d+)\s`, attributes: {} };
    const placement = reqRulePlacement(rule, CTX);
    expect(placement.kind).toBe('unknown');
    expect(placement.why).toMatch(/only in spacing or case/);
    expect(reqRulePlacement({ ...rule, sourceIp: '10.0.0.5' }, CTX).kind).toBe('reachable');
    const v6 = { reqRuleName: 'REQ', balancer: { host: 'fd00::5', cybertracePort: 9998 } };
    expect(reqRulePlacement({ ...rule, sourceIp: 'FD00::5' }, v6).kind).toBe('unknown');
    expect(reqRulePlacement({ ...rule, sourceIp: 'fd00::6' }, v6).kind).toBe('unreachable');
  });

  it('requirement 2: a feed enabled="False" is not taken as off: it stays listed and differs from the reference', () => {
    const feeds = (state: string): JsonValue => ({
      feeds: [
        {
          name: 'Malicious_URL_Data_Feed',
          state,
          content: {
            name: 'Feed',
            attributes: {},
            text: '',
            children: [{ name: 'Name', attributes: {}, text: 'Malicious_URL_Data_Feed', children: [] }],
          },
        },
      ],
      tenantUsage: null,
    });
    expect(compare('req2', feeds('False')).status).toBe('drift');
    expect(compare('req2', feeds('true')).status).toBe('match');
  });
});
