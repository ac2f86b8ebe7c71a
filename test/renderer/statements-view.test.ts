// The attest/waive UI as first rendered (no DOM): labelled fields, named buttons, Remove for a statement the project holds.
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { AuditStep } from '../../renderer/audit/AuditStep.js';
import { RequirementStep } from '../../renderer/components/RequirementStep.js';
import { StatementForm } from '../../renderer/statements/StatementForm.js';
import { restateAudit } from '../../renderer/statements/restate-audit.js';
import { attestationFromForm, waiverFromForm } from '../../renderer/statements/statement-form.js';
import { sampleProject } from './fake-api.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { elementByTestId, renderWithState } from './static-render.js';

const PATH = '/p/x.ctha.json';
const NOW = new Date('2026-12-07T10:00:00Z');
const attestation = {
  requirement: 'req3' as const,
  instance: 'ct2',
  note: 'indicator lists compared on both consoles',
  engineer: 'A. Engineer',
  date: '2026-12-07T10:00:00.000Z',
};

// A project holding one attestation, and the audit on screen decided again from it (as the store leaves them).
function attestedState() {
  const draft = { ...sampleProject(), attestations: [attestation] };
  const report = restateAudit(sampleAuditReport(), draft, NOW);
  return { draft, auditReport: report, auditPath: PATH, path: PATH, dirty: false, restatedAudit: { report, at: NOW.toISOString() } };
}

// The `for` of the label whose text is `text`, and the control with that id.
function labelled(html: string, text: string): string {
  const match = new RegExp(`<label[^>]*for="([^"]+)"[^>]*>${text.replace(/[()]/g, '\\$&')}</label>`).exec(html);
  expect(match, `a label "${text}"`).not.toBeNull();
  const id = match?.[1] ?? '';
  expect(html).toMatch(new RegExp(`<(input|textarea)[^>]*id="${id}"`));
  return id;
}

describe('the statements panel on a requirement screen', () => {
  it('offers Attest and Waive where the tool could not read, and Remove for the attestation the project holds', () => {
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req3' }), attestedState());
    expect(elementByTestId(html, 'requirement-finding-1')?.attributes['data-status']).toBe('attested');
    // The statement is said once, on its own line, after the tool's reason.
    expect(elementByTestId(html, 'requirement-finding-1')?.text.match(/attested by A\. Engineer/gi)).toHaveLength(1);
    expect(elementByTestId(html, 'requirement-finding-1')?.text).toContain('indicators need a REST spot check or an attestation');
    const attest = elementByTestId(html, 'statement-attest-0');
    expect(attest?.text).toBe('Attest');
    expect(attest?.attributes['aria-label']).toBe('Attest req3 on ct1');
    expect(elementByTestId(html, 'statement-waive-0')?.attributes['aria-label']).toBe('Waive req3 on ct1');
    // ct2 is attested: no second Attest, its statement shown with a Remove that names what it removes.
    expect(elementByTestId(html, 'statement-attest-1')).toBeUndefined();
    expect(elementByTestId(html, 'statement-attestation-1')?.text).toContain(
      'Attested by A. Engineer on 2026-12-07: indicator lists compared',
    );
    const remove = elementByTestId(html, 'statement-remove-attestation-1');
    expect(remove?.text).toBe('Remove');
    expect(remove?.attributes['aria-label']).toBe('Remove the attestation of req3 on ct2');
    expect(elementByTestId(html, 'audit-restated')?.text).toContain('not re-read from the hosts');
  });

  it('offers only Waive on a drift (an attestation would change nothing there), and nothing where all match', () => {
    const drift = renderWithState(createElement(RequirementStep, { requirement: 'req8' }), { ...attestedState() });
    expect(elementByTestId(drift, 'statement-waive-1')?.attributes['aria-label']).toBe('Waive req8 on ct2');
    expect(elementByTestId(drift, 'statement-attest-1')).toBeUndefined();
    expect(elementByTestId(drift, 'statement-row-0')).toBeUndefined();
    const match = renderWithState(createElement(RequirementStep, { requirement: 'req1' }), attestedState());
    expect(elementByTestId(match, 'statements-none')?.text).toContain('every instance matches');
  });

  it('warns that the project must be saved first while the draft has unsaved edits', () => {
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req3' }), { ...attestedState(), dirty: true });
    expect(elementByTestId(html, 'statements-unsaved')?.text).toContain('save it first');
  });

  it('the audit grid says it was not re-read, only while the restated report is the one on screen', () => {
    const state = attestedState();
    const marked = renderWithState(createElement(AuditStep), { ...state, auditStatus: 'done' });
    expect(elementByTestId(marked, 'audit-restated')).toBeDefined();
    expect(elementByTestId(marked, 'audit-cell-req3-1')?.attributes['data-status']).toBe('attested');
    // Each cell that needs a statement leads to its requirement's screen; a settled one does not.
    expect(elementByTestId(marked, 'audit-cell-req3-0-statement')?.attributes['aria-label']).toBe('Attest or waive req3 on ct1');
    expect(elementByTestId(marked, 'audit-cell-req8-1-statement')?.attributes['aria-label']).toBe('Waive req8 on ct2');
    expect(elementByTestId(marked, 'audit-cell-req3-1-statement')).toBeUndefined();
    expect(elementByTestId(marked, 'audit-cell-req1-1-statement')).toBeUndefined();
    const fresh = renderWithState(createElement(AuditStep), { ...state, auditStatus: 'done', auditReport: sampleAuditReport() });
    expect(elementByTestId(fresh, 'audit-restated')).toBeUndefined();
  });
});

describe('the attest and waive forms', () => {
  const target = { requirement: 'req3' as const, instance: 'ct1' };
  const form = (kind: 'attestation' | 'waiver') =>
    renderWithState(createElement(StatementForm, { kind, target, engineer: 'R. Engineer', onClose: () => undefined }), {});

  it("attest: a labelled note and engineer (prefilled), today's date, named buttons", () => {
    const html = form('attestation');
    expect(elementByTestId(html, 'statement-form-attestation')?.text).toContain('Attest req3 on ct1');
    labelled(html, 'Note (how you checked, at least 10 characters)');
    const engineer = labelled(html, 'Engineer');
    expect(html).toMatch(new RegExp(`<input[^>]*id="${engineer}"[^>]*value="R. Engineer"`));
    expect(elementByTestId(html, 'statement-date')?.text).toMatch(/^\d{4}-\d{2}-\d{2} \(today\)$/);
    expect(elementByTestId(html, 'statement-save')?.text).toBe('Save attestation');
    expect(elementByTestId(html, 'statement-cancel')?.text).toBe('Cancel');
    expect(elementByTestId(html, 'statement-expires')).toBeUndefined();
  });

  it('waive: a labelled justification and an optional expiry day', () => {
    const html = form('waiver');
    labelled(html, 'Justification (at least 10 characters)');
    const expires = labelled(html, 'Expires on (optional)');
    expect(html).toMatch(new RegExp(`<input[^>]*id="${expires}"[^>]*type="date"`));
    expect(elementByTestId(html, 'statement-save')?.text).toBe('Save waiver');
  });

  it('the fields are checked by the project schema, each error at its field', () => {
    expect(attestationFromForm(target, { note: ' short ', engineer: '  ' }, NOW)).toEqual({
      ok: false,
      errors: { note: 'expected a note of at least 10 characters', engineer: 'expected a non-empty engineer name' },
    });
    expect(attestationFromForm(target, { note: 'compared by hand', engineer: 'A. Engineer' }, NOW)).toEqual({
      ok: true,
      value: { ...target, note: 'compared by hand', engineer: 'A. Engineer', date: NOW.toISOString() },
    });
    const expired = waiverFromForm(target, { justification: 'accepted for this site', engineer: 'A', expires: '2026-12-01' }, NOW);
    expect(expired).toEqual({ ok: false, errors: { expires: 'expected a day after today (the waiver would already have expired)' } });
    const saved = waiverFromForm(target, { justification: 'accepted for this site', engineer: 'A', expires: '2027-01-31' }, NOW);
    // The end of that day on this computer's clock.
    expect(saved).toMatchObject({ ok: true, value: { expires: new Date(2027, 0, 31, 23, 59, 59).toISOString() } });
    expect(waiverFromForm(target, { justification: 'accepted for this site', engineer: 'A', expires: '' }, NOW)).toMatchObject({
      ok: true,
      value: { justification: 'accepted for this site' },
    });
  });
});
