// The spot-check panel's fields, checked before anything is sent: each wrong field gets its own message.
import { describe, expect, it } from 'vitest';
import { LAB_REST_PORT } from '../../lab/simulator/lab-rest.js';
import { DEMO_INDICATORS } from '../../lab/simulator/demo-feed.js';
import { DEFAULT_WEB_USER } from '../../lab/simulator/rest-lab-data.js';
import {
  DEFAULT_SPOT_CHECK_FIELDS,
  spotCheckFromForm,
  TRAINING_LAB_REST,
  TRAINING_SPOT_CHECK_FIELDS,
} from '../../renderer/spotcheck/spot-check-form.js';

const fields = (overrides: Partial<typeof DEFAULT_SPOT_CHECK_FIELDS> = {}) => ({
  ...DEFAULT_SPOT_CHECK_FIELDS,
  indicators: '# demo\n192.0.2.100\n\n http://a.example/x \n192.0.2.100\n',
  ...overrides,
});

describe('spot-check form', () => {
  it('turns the fields into the request: comments, blanks and duplicates dropped, port a number', () => {
    expect(spotCheckFromForm(fields({ user: ' admin ', port: '9443', apiVersion: '1.3' }))).toEqual({
      ok: true,
      value: { indicators: ['192.0.2.100', 'http://a.example/x'], user: 'admin', port: 9443, apiVersion: '1.3' },
    });
  });

  it('names the line of a bad indicator and refuses an empty list', () => {
    expect(spotCheckFromForm(fields({ indicators: 'a\nb\u0007c' }))).toEqual({
      ok: false,
      errors: { indicators: 'line 2: contains a control character' },
    });
    expect(spotCheckFromForm(fields({ indicators: '# only a comment\n' }))).toEqual({
      ok: false,
      errors: { indicators: 'no indicator in the list' },
    });
  });

  it('puts each other mistake at its own field, all at once', () => {
    const result = spotCheckFromForm(fields({ user: 'a:b', port: '70000', apiVersion: '2.0' }));
    expect(result).toEqual({
      ok: false,
      errors: {
        user: 'expected a user name without ":" (Basic authentication cannot carry it)',
        port: 'expected a port 1-65535 (HTTPServer/ConnectionString, 443 by default)',
        apiVersion: 'expected one of 1.0, 1.1, 1.2, 1.3',
      },
    });
    expect(spotCheckFromForm(fields({ user: '  ', port: '0' }))).toMatchObject({
      ok: false,
      errors: { user: 'expected the REST user name (CyberTrace Web account)', port: expect.stringMatching(/^expected a port/) },
    });
    expect(spotCheckFromForm(fields({ port: '44 3' })).ok).toBe(false);
  });

  it("the training lab's defaults are the lab's REST port, account and demo indicators", () => {
    expect(TRAINING_LAB_REST).toEqual({ port: LAB_REST_PORT, user: DEFAULT_WEB_USER.name, password: DEFAULT_WEB_USER.password });
    const parsed = spotCheckFromForm(TRAINING_SPOT_CHECK_FIELDS);
    expect(parsed).toEqual({
      ok: true,
      value: {
        indicators: [DEMO_INDICATORS.url, DEMO_INDICATORS.ip, '198.51.100.7'],
        user: 'admin',
        port: LAB_REST_PORT,
        apiVersion: '1.2',
      },
    });
  });
});
