import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../engine/api/event-hub.js';
import { createReportHandlers } from '../../../engine/api/handlers/report.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import { identityToP12 } from '../../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import type { ProductIdentityStore } from '../../../engine/report/identity/product-identity.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';
import { ApiError } from '../../../shared/contract/errors.js';
import { reportOperations } from '../../../shared/contract/ops/report.js';
import { tempDir } from './bundle-fixture.js';
import { syntheticEvidence } from './synthetic-evidence.js';

const PASSPHRASE = 'handler passphrase 1';
let identity: SigningIdentity;
let dir: string;

// A front end that answers every passphrase prompt, remembering which files it was asked about.
function engine(answer: string, productStore?: (passphrase: (purpose: 'unlock' | 'create') => Promise<string>) => ProductIdentityStore) {
  const events = new EventHub();
  const broker = new PromptBroker(events, 5_000);
  const asked: string[] = [];
  events.subscribe((event) => {
    if (event.name === 'prompt' && event.payload.kind === 'passphrase') {
      asked.push(event.payload.keyPath);
      broker.answer(event.payload.promptId, { kind: 'passphrase', secret: answer });
    }
  });
  return { handlers: createReportHandlers({ ask: broker.ask.bind(broker), ...(productStore ? { productStore } : {}) }), asked };
}

beforeAll(async () => {
  identity = await createSelfSignedIdentity('Jane Engineer');
  dir = tempDir('handlers');
  writeFileSync(join(dir, 'jane.p12'), identityToP12(identity, PASSPHRASE));
  writeFileSync(join(dir, 'evidence-input.json'), JSON.stringify(syntheticEvidence({ instances: 2 })));
}, 60_000);

describe('report.build and report.verify handlers', () => {
  it("build with the engineer's PKCS#12 (passphrase through a prompt), then verify; outputs fit the contract", async () => {
    const { handlers, asked } = engine(PASSPHRASE);
    const input = reportOperations['report.build'].input.parse({
      evidencePath: join(dir, 'evidence-input.json'),
      outDir: join(dir, 'out-p12'),
      identity: { kind: 'p12', path: join(dir, 'jane.p12') },
    });
    const built = reportOperations['report.build'].output.parse(await handlers['report.build'](input));
    expect(asked).toEqual([join(dir, 'jane.p12')]);
    expect(built).toMatchObject({ outDir: join(dir, 'out-p12'), identityCreated: false, warnings: [], verdict: { outcome: 'pass' } });
    expect(built.files.map((file) => file.name)).toEqual(['evidence.json', 'evidence.json.p7s', 'report.pdf', 'VERIFY.txt']);
    const verified = reportOperations['report.verify'].output.parse(await handlers['report.verify']({ path: built.outDir }));
    expect(verified).toMatchObject({ ok: true, mode: 'bundle', evidenceSha256: built.evidenceSha256 });
  });

  it('uses the product identity store a front end gives (as Electron does with safeStorage)', async () => {
    const requested: string[] = [];
    const store = (): ProductIdentityStore => ({
      location: 'memory',
      loadOrCreate: async (engineer) => {
        requested.push(engineer);
        return { identity, created: true, warnings: ['kept in memory'] };
      },
    });
    const { handlers, asked } = engine(PASSPHRASE, store);
    const built = await handlers['report.build']({
      evidencePath: join(dir, 'evidence-input.json'),
      outDir: join(dir, 'out-product'),
      identity: { kind: 'product' },
    });
    expect(requested).toEqual(['Jane Engineer']);
    expect(asked).toEqual([]);
    expect(built).toMatchObject({ identityCreated: true, warnings: ['kept in memory'] });
  });

  it("turns failures into the contract's error codes with specific messages, writing nothing", async () => {
    const { handlers } = engine('not the passphrase');
    const build = (overrides: object) =>
      handlers['report.build']({
        evidencePath: join(dir, 'evidence-input.json'),
        outDir: join(dir, 'out-error'),
        identity: { kind: 'p12', path: join(dir, 'jane.p12') },
        ...overrides,
      });
    const error = async (promise: Promise<unknown>): Promise<ApiError> => {
      const caught = await promise.catch((thrown: unknown) => thrown);
      expect(caught).toBeInstanceOf(ApiError);
      return caught as ApiError;
    };
    expect((await error(build({}))).toData()).toEqual({
      code: 'invalid-input',
      message: `wrong passphrase for ${join(dir, 'jane.p12')} (or the file is damaged)`,
    });
    expect((await error(build({ evidencePath: join(dir, 'none.json') }))).toData()).toEqual({
      code: 'not-found',
      message: `evidence input ${join(dir, 'none.json')} not found`,
    });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ evidenceFormatVersion: 1 }));
    const invalid = await error(build({ evidencePath: join(dir, 'bad.json') }));
    expect(invalid.code).toBe('invalid-input');
    expect(invalid.issues).toEqual(expect.arrayContaining([{ path: 'engineer', message: expect.any(String) as string }]));
    mkdirSync(join(dir, 'occupied'));
    writeFileSync(join(dir, 'occupied', 'x'), 'x');
    const occupied = await error(
      engine(PASSPHRASE).handlers['report.build']({
        evidencePath: join(dir, 'evidence-input.json'),
        outDir: join(dir, 'occupied'),
        identity: { kind: 'p12', path: join(dir, 'jane.p12') },
      }),
    );
    expect(occupied.toData()).toEqual({
      code: 'io',
      message: `${join(dir, 'occupied')} already exists and is not empty; a report bundle is never written over another`,
    });
    expect(readdirSync(join(dir, 'occupied'))).toEqual(['x']);
    expect((await error(handlers['report.verify']({ path: join(dir, 'nowhere') }))).toData()).toEqual({
      code: 'not-found',
      message: `${join(dir, 'nowhere')} not found`,
    });
  });
});
