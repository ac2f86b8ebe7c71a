// The spot-check panel as first rendered (no DOM): on requirement 3 only, labelled fields, live rows while it runs,
// the outcome and which instance differs in words, the attach refused with its reason, the evidence on the attestation.
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { RequirementStep } from '../../renderer/components/RequirementStep.js';
import { spotCheckEvidence } from '../../renderer/spotcheck/spot-check-evidence.js';
import { sampleProject } from './fake-api.js';
import { elementByTestId, renderWithState } from './static-render.js';
import { sampleDiffers, sampleSpotCheck } from './spotcheck-sample.js';

const PATH = '/p/x.ctha.json';
const base = { draft: sampleProject(), path: PATH, dirty: false };
const differs = sampleDiffers();

describe('the spot-check panel', () => {
  it('is on requirement 3 only, with a label for every field', () => {
    expect(
      elementByTestId(renderWithState(createElement(RequirementStep, { requirement: 'req4' }), base), 'spotcheck-panel'),
    ).toBeUndefined();
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req3' }), base);
    expect(elementByTestId(html, 'spotcheck-panel')?.attributes['aria-labelledby']).toBeTruthy();
    for (const [name, text] of [
      ['indicators', 'Indicators (one per line; # starts a comment)'],
      ['user', 'REST user'],
      ['port', 'REST port'],
      ['apiVersion', 'API version'],
    ] as const) {
      const id = elementByTestId(html, `spotcheck-${name}`)?.attributes['id'];
      expect(id, name).toBeTruthy();
      expect(html).toContain(`for="${id}">${text}</label>`);
    }
    expect(elementByTestId(html, 'spotcheck-instances')).toBeUndefined();
  });

  it('while running: every instance checking, the button busy', () => {
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req3' }), {
      ...base,
      spotCheck: { status: 'running', path: PATH, port: 9443, indicators: 2 },
    });
    expect(elementByTestId(html, 'spotcheck-run')?.text).toBe('Spot-check running…');
    expect(elementByTestId(html, 'spotcheck-run')?.attributes['disabled']).toBeDefined();
    for (const index of [0, 1]) expect(elementByTestId(html, `spotcheck-instance-${index}`)?.attributes['data-state']).toBe('checking');
    expect(html).toContain('10.0.0.12:9443');
  });

  it('an inconsistent result: DIFFERS in words, both instances named on the tie, attach disabled with the reason', () => {
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req3' }), {
      ...base,
      spotCheck: { status: 'done', path: PATH, port: 9443, indicators: 1, result: differs },
    });
    expect(elementByTestId(html, 'spotcheck-outcome')?.text).toMatch(/^DIFFERS: /);
    expect(elementByTestId(html, 'spotcheck-differs-0')?.text).toBe('http://bad.example/x');
    expect(elementByTestId(html, 'spotcheck-indicator-0')?.attributes['data-consistent']).toBe('false');
    expect(elementByTestId(html, 'spotcheck-attach')?.attributes['disabled']).toBeDefined();
    expect(elementByTestId(html, 'spotcheck-attach-note')?.text).toMatch(/^It cannot be attached: the instances answered 1 indicator/);
  });

  it('an attestation that carries a spot-check shows it as evidence', async () => {
    const spotCheck = (await spotCheckEvidence(sampleSpotCheck()))!;
    const attestation = {
      requirement: 'req3' as const,
      instance: 'ct2',
      note: 'lists compared by spot-check',
      engineer: 'E',
      date: '2026-12-07T13:05:00.000Z',
    };
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req3' }), {
      ...base,
      draft: { ...sampleProject(), attestations: [{ ...attestation, spotCheck }] },
    });
    expect(elementByTestId(html, 'statement-spotcheck-1')?.text).toContain(
      'Evidence: consistent REST spot-check of 2026-12-07 13:00 UTC, 2 indicator(s) on ct1, ct2',
    );
  });
});
