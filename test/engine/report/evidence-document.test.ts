import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/report/canonical-json.js';
import { EvidenceSchema } from '../../../shared/report/evidence.js';
import { EvidenceInputError, buildEvidenceDocument, sha256Hex, signingTimeOf } from '../../../engine/report/evidence-document.js';
import { syntheticEvidence } from './synthetic-evidence.js';

const tool = { name: 'CyberTrace HA Commissioning Wizard', version: '0.1.0' };
const signedAt = new Date('2026-11-28T09:00:00.000Z');

describe('buildEvidenceDocument', () => {
  it('adds the tool, the signing time (laptop clock) and the verdict, and returns the canonical bytes and their hash', () => {
    const document = buildEvidenceDocument(syntheticEvidence({ instances: 2 }), signedAt, tool);
    expect(document.evidence.tool).toEqual(tool);
    expect(document.evidence.times).toEqual({
      startedAt: '2026-11-28T08:00:00.000Z',
      finishedAt: '2026-11-28T08:10:00.000Z',
      signedAt: '2026-11-28T09:00:00.000Z',
      clock: 'laptop',
    });
    expect(document.evidence.verdict.outcome).toBe('pass');
    expect(document.bytes.toString('utf8')).toBe(canonicalJson(document.evidence));
    expect(document.sha256).toBe(sha256Hex(document.bytes));
    expect(EvidenceSchema.parse(JSON.parse(document.bytes.toString('utf8')))).toEqual(document.evidence);
  });

  it('keeps a tool named in the input (evidence gathered by an earlier run)', () => {
    const document = buildEvidenceDocument(
      { ...syntheticEvidence({ instances: 1 }), tool: { name: 'ctha', version: '0.0.9' } },
      signedAt,
      tool,
    );
    expect(document.evidence.tool).toEqual({ name: 'ctha', version: '0.0.9' });
  });

  it('is deterministic: the same facts give the same bytes', () => {
    const one = buildEvidenceDocument(syntheticEvidence({ instances: 3 }), signedAt, tool);
    const two = buildEvidenceDocument(syntheticEvidence({ instances: 3 }), signedAt, tool);
    expect(one.bytes.equals(two.bytes)).toBe(true);
  });

  it('refuses invalid input with located issues', () => {
    const input = syntheticEvidence({ instances: 2 });
    const bad = {
      ...input,
      evidenceFormatVersion: 2,
      findings: [...(input.findings ?? []), { ...(input.findings?.[0] as object), instance: 'ghost' }],
      probes: [{ ...(input.probes?.[0] as object), pingMs: -1 }],
      secretField: 'x',
    };
    let error: unknown;
    try {
      buildEvidenceDocument(bad, signedAt, tool);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EvidenceInputError);
    expect((error as EvidenceInputError).issues).toEqual(
      expect.arrayContaining([
        { path: 'evidenceFormatVersion', message: 'expected evidenceFormatVersion 1' },
        { path: 'secretField', message: 'unknown field' },
        expect.objectContaining({ path: 'probes[0].pingMs' }),
      ]),
    );
  });

  it('refuses findings about unknown instances and two findings for one requirement x instance', () => {
    const input = syntheticEvidence({ instances: 2 });
    const first = input.findings?.[0] as object;
    expect(() =>
      buildEvidenceDocument({ ...input, findings: [...(input.findings ?? []), { ...first, instance: 'ghost' }] }, signedAt, tool),
    ).toThrow('findings[18].instance: unknown instance "ghost"');
    expect(() => buildEvidenceDocument({ ...input, findings: [...(input.findings ?? []), first] }, signedAt, tool)).toThrow(
      'findings[18]: a second finding for req1 on ct-linux-1',
    );
  });

  it('states the signing time in whole seconds, as CMS signingTime holds it', () => {
    expect(signingTimeOf(new Date('2026-11-28T09:00:00.987Z')).toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });
});
