// Issue 11 item 8: the engine's comparison and the simulator's config reading follow one rule
// (shared/requirements/values/xml-text.ts). For each branch of the rule, the same edited lab file is judged
// by the engine (match or not) and read by the simulator (acts as documented or not): the answers agree.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe, readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { readFeedServiceConfig, type FeedServiceConfig } from '../../../../lab/simulator/feed-config.js';
import { extractValues, firstValue } from '../../../../lab/simulator/rule-matching.js';
import { parseXmlDocument } from '../../../../lab/simulator/xml-tree.js';
import { compareObservation } from '../../../../shared/requirements/compare/compare-observation.js';
import type { RequirementId } from '../../../../shared/requirements/ids.js';
import { DRIFT_PRESETS } from '../../../../lab/spec.js';
import { CTX, MATRIX, generateInstanceFiles, presentFile } from './lab-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-xml-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const REGEX = String.raw`^(\d+)\s`;
const DOCUMENTED_FINISHED = '%REQ% LookupFinished';

/** One branch of the rule: an edit of the service conf, the requirement it touches, and what documented behaviour means to the simulator. */
interface Branch {
  readonly name: string;
  readonly requirement: RequirementId;
  readonly from: string;
  readonly to: string;
  /** True when the simulator, reading the edited file, behaves as the documented setting would. */
  readonly simulatorAsDocumented: (config: FeedServiceConfig) => boolean;
  /** What the rule says: equal to the documented value or not. */
  readonly equal: boolean;
}

const finishedOn = (config: FeedServiceConfig): boolean =>
  config.finished?.enabled === true && config.finished.format === DOCUMENTED_FINISHED;
const reqExtracted = (config: FeedServiceConfig): boolean =>
  firstValue(extractValues(config.rules, '123456 probe', '127.0.0.1'), 'REQ') === '123456';

const BRANCHES: readonly Branch[] = [
  {
    name: 'enabled="True" (case)',
    requirement: 'req8',
    from: '<FinishedEventFormat enabled="true">',
    to: '<FinishedEventFormat enabled="True">',
    simulatorAsDocumented: finishedOn,
    equal: false,
  },
  {
    name: 'enabled=" true " (spacing)',
    requirement: 'req8',
    from: '<FinishedEventFormat enabled="true">',
    to: '<FinishedEventFormat enabled=" true ">',
    simulatorAsDocumented: finishedOn,
    equal: false,
  },
  {
    name: 'enabled="1"',
    requirement: 'req8',
    from: '<FinishedEventFormat enabled="true">',
    to: '<FinishedEventFormat enabled="1">',
    simulatorAsDocumented: finishedOn,
    equal: false,
  },
  {
    name: 'text in CDATA',
    requirement: 'req8',
    from: `>${DOCUMENTED_FINISHED}<`,
    to: `><![CDATA[${DOCUMENTED_FINISHED}]]><`,
    simulatorAsDocumented: finishedOn,
    equal: true,
  },
  {
    name: 'text written with an entity',
    requirement: 'req8',
    from: `>${DOCUMENTED_FINISHED}<`,
    to: '>%REQ% Lookup&#70;inished<',
    simulatorAsDocumented: finishedOn,
    equal: true,
  },
  {
    name: 'text padded on its own lines',
    requirement: 'req8',
    from: `>${DOCUMENTED_FINISHED}<`,
    to: `>\n    ${DOCUMENTED_FINISHED}\n  <`,
    simulatorAsDocumented: finishedOn,
    equal: false,
  },
  {
    name: 'regex with a leading space',
    requirement: 'req6',
    from: `>${REGEX}</REQ>`,
    to: `> ${REGEX}</REQ>`,
    simulatorAsDocumented: reqExtracted,
    equal: false,
  },
  {
    name: 'regex in CDATA',
    requirement: 'req6',
    from: `>${REGEX}</REQ>`,
    to: `><![CDATA[${REGEX}]]></REQ>`,
    simulatorAsDocumented: reqExtracted,
    equal: true,
  },
  {
    name: 'EventFormat with a leading space',
    requirement: 'req7',
    from: '<EventFormat>%REQ%',
    to: '<EventFormat> %REQ%',
    simulatorAsDocumented: (config) => config.eventFormat.startsWith('%REQ%'),
    equal: false,
  },
  {
    name: 'AlertConnectionString enabled="TRUE"',
    requirement: 'alerts',
    from: '<AlertConnectionString enabled="true">',
    to: '<AlertConnectionString enabled="TRUE">',
    simulatorAsDocumented: (config) => config.alerts !== undefined,
    equal: false,
  },
];

/** The service conf's text with one fragment replaced (it must occur exactly once). */
function edited(files: InstanceFiles, from: string, to: string): { files: InstanceFiles; text: string } {
  if (!files.serviceConf.present) throw new Error('no service conf');
  const text = Buffer.from(files.serviceConf.bytes).toString('utf8');
  expect(text.split(from).length, `${from} once in the lab's file`).toBe(2);
  const next = text.replace(from, to);
  return { files: { ...files, serviceConf: presentFile(files.serviceConf.path, Buffer.from(next, 'utf8')) }, text: next };
}

describe.each(MATRIX)('engine and simulator agree on $version $os', ({ version, os }) => {
  let reference: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
  });

  it.each(BRANCHES)('$name', (branch) => {
    const { files, text } = edited(reference, branch.from, branch.to);
    const engineStatus = compareObservation(
      branch.requirement,
      observe(readInstanceConfig(reference), reference, CTX)[branch.requirement],
      observe(readInstanceConfig(files), files, CTX)[branch.requirement],
      CTX,
    ).status;
    const config = readFeedServiceConfig(parseXmlDocument(text));
    expect(engineStatus === 'match', `engine: ${engineStatus}`).toBe(branch.equal);
    expect(branch.simulatorAsDocumented(config), 'simulator').toBe(branch.equal);
  });

  it('the unedited lab file: both sides as documented', () => {
    const text = reference.serviceConf.present ? Buffer.from(reference.serviceConf.bytes).toString('utf8') : '';
    const config = readFeedServiceConfig(parseXmlDocument(text));
    expect([
      finishedOn(config),
      reqExtracted(config),
      config.alerts !== undefined,
      config.warnings.filter((w) => w.includes('documented value')),
    ]).toEqual([true, true, true, []]);
  });

  it('the simulator says why it took an undocumented switch as off', () => {
    const { text } = edited(reference, '<FinishedEventFormat enabled="true">', '<FinishedEventFormat enabled="True">');
    expect(readFeedServiceConfig(parseXmlDocument(text)).warnings.join('\n')).toMatch(
      /FinishedEventFormat: enabled="True" \(not a documented value.*treats it as off/,
    );
  });

  it('a lower-case rule type: the engine reports it off the documented rule, the simulator refuses to start', () => {
    const { files, text } = edited(reference, '<REQ type="CONTEXT">', '<REQ type="context">');
    const observed = observe(readInstanceConfig(files), files, CTX).req6;
    expect(compareObservation('req6', observe(readInstanceConfig(reference), reference, CTX).req6, observed, CTX).detail).toMatch(
      /type "context", documented CONTEXT/,
    );
    expect(() => readFeedServiceConfig(parseXmlDocument(text))).toThrow(/unknown type "context"/);
  });

  it('kl_feed_util.conf: a feed enabled="False" is not documented off, so it stays listed and differs from the reference', () => {
    if (!reference.feedUtilConf.present) throw new Error('no kl_feed_util.conf');
    const text = Buffer.from(reference.feedUtilConf.bytes).toString('utf8');
    expect(text).toContain('<Feed enabled="true">');
    const files: InstanceFiles = {
      ...reference,
      feedUtilConf: presentFile(
        reference.feedUtilConf.path,
        Buffer.from(text.replace('<Feed enabled="true">', '<Feed enabled="False">'), 'utf8'),
      ),
    };
    const before = observe(readInstanceConfig(reference), reference, CTX).req2;
    const after = observe(readInstanceConfig(files), files, CTX).req2;
    const states = after.state === 'known' ? (after.value as { feeds: { state: string | null }[] }).feeds.map((feed) => feed.state) : [];
    expect(states).toContain('False');
    expect(compareObservation('req2', before, after, CTX).status).toBe('drift');
  });

  it('every drift preset: the simulator reads the file, and runs finished events exactly when the engine calls req8 a match', async () => {
    for (const preset of DRIFT_PRESETS) {
      const files = await generateInstanceFiles(dir, `drift-${preset}-${version}-${os}`, os, version, [preset]);
      const text = files.serviceConf.present ? Buffer.from(files.serviceConf.bytes).toString('utf8') : '';
      const config = readFeedServiceConfig(parseXmlDocument(text));
      const req8 = compareObservation(
        'req8',
        observe(readInstanceConfig(reference), reference, CTX).req8,
        observe(readInstanceConfig(files), files, CTX).req8,
        CTX,
      ).status;
      expect(finishedOn(config), preset).toBe(req8 === 'match');
      expect(reqExtracted(config), preset).toBe(!['req-missing', 'req-regex'].includes(preset));
    }
  }, 60_000);
});
