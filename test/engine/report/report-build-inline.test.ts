// report.build with the evidence input given inline (the wizard signs its session without writing a file):
// the contract takes exactly one of evidencePath or evidence, validates inline evidence with located
// issues, and the handler builds the same bundle either way.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../engine/api/event-hub.js';
import { createReportHandlers } from '../../../engine/api/handlers/report.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import { identityToP12 } from '../../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import { ApiError } from '../../../shared/contract/errors.js';
import { reportOperations } from '../../../shared/contract/ops/report.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import { sampleProject } from '../../renderer/fake-api.js';
import { sampleAuditReport } from '../../renderer/samples/audit-sample.js';
import { sampleProbeResult } from '../../renderer/samples/probe-sample.js';
import { tempDir } from './bundle-fixture.js';

const PASSPHRASE = 'inline passphrase 9';
const op = reportOperations['report.build'];
let dir: string;

function handlers() {
  const events = new EventHub();
  const broker = new PromptBroker(events, 5_000);
  events.subscribe((event) => {
    if (event.name === 'prompt' && event.payload.kind === 'passphrase')
      broker.answer(event.payload.promptId, { kind: 'passphrase', secret: PASSPHRASE });
  });
  return createReportHandlers({ ask: broker.ask.bind(broker) });
}

// A session as the wizard holds it, assembled by the shared mapping.
function sessionEvidence() {
  return assembleEvidence({
    engineer: 'Jane Engineer',
    project: sampleProject(),
    prechecks: [],
    audit: sampleAuditReport(),
    applies: [],
    probe: sampleProbeResult(),
  });
}

beforeAll(async () => {
  dir = tempDir('inline');
  writeFileSync(join(dir, 'jane.p12'), identityToP12(await createSelfSignedIdentity('Jane Engineer'), PASSPHRASE));
}, 60_000);

describe('report.build with inline evidence', () => {
  it('builds from the evidence object as from the same evidence in a file', async () => {
    const identity = { kind: 'p12' as const, path: join(dir, 'jane.p12') };
    const inline = op.input.parse({ evidence: sessionEvidence(), outDir: join(dir, 'inline'), identity });
    const built = op.output.parse(await handlers()['report.build'](inline));
    writeFileSync(join(dir, 'evidence-input.json'), JSON.stringify(sessionEvidence()));
    const fromFile = op.output.parse(
      await handlers()['report.build'](
        op.input.parse({ evidencePath: join(dir, 'evidence-input.json'), outDir: join(dir, 'file'), identity }),
      ),
    );
    // Same facts, same verdict; the bytes differ only by the signing time.
    expect(built.verdict).toEqual(fromFile.verdict);
    expect(built.verdict.outcome).toBe('fail');
    const strip = (path: string): unknown => ({
      ...(JSON.parse(readFileSync(join(path, 'evidence.json'), 'utf8')) as { times: object }),
      times: undefined,
    });
    expect(strip(built.outDir)).toEqual(strip(fromFile.outDir));
  });

  it('takes exactly one of evidencePath and evidence, and locates problems in inline evidence', () => {
    const base = { outDir: join(dir, 'never'), identity: { kind: 'product' } };
    const issues = (input: object) => {
      const parsed = op.input.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    const exactlyOne = ': expected exactly one of evidencePath (an evidence input file) or evidence (the evidence input itself)';
    expect(issues(base)).toEqual([exactlyOne]);
    expect(issues({ ...base, evidencePath: join(dir, 'x.json'), evidence: sessionEvidence() })).toEqual([exactlyOne]);
    const broken = { ...sessionEvidence(), instances: [] };
    expect(issues({ ...base, evidence: broken })[0]).toMatch(/^evidence\.instances: expected at least one instance/);
  });

  it("a direct caller passing neither gets the contract's error code, and nothing is written", async () => {
    const error = await handlers()
      ['report.build']({ outDir: join(dir, 'never-2'), identity: { kind: 'product' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid-input');
    expect(existsSync(join(dir, 'never-2'))).toBe(false);
  });
});
