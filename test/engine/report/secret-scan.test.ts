import { describe, expect, it } from 'vitest';
import { MIN_SEARCHED_SECRET_LENGTH, SecretInReportError, scanBytes, scanText, scanValue } from '../../../engine/report/secret-scan.js';

describe('secret scan', () => {
  const secrets = ['Hx-41!sudo pw', 'quote"and\\slash'];

  it('finds a known secret in a nested value and names the path, never the secret', () => {
    const hits = scanValue({ transcript: [{ command: 'echo ok' }, { command: 'sudo -S true <<< Hx-41!sudo pw' }] }, secrets);
    expect(hits).toEqual([{ where: '$.transcript[1].command', what: 'known secret #1' }]);
    const error = new SecretInReportError(hits);
    expect(error.message).toBe('refusing to write the report: $.transcript[1].command contains known secret #1');
    expect(error.message).not.toContain('Hx-41');
  });

  it('finds a secret in keys and in its JSON-escaped form', () => {
    expect(scanValue({ 'Hx-41!sudo pw': 1 }, secrets)).toEqual([{ where: '$ (a key)', what: 'known secret #1' }]);
    expect(scanText('{"note":"quote\\"and\\\\slash"}', secrets, 'evidence.json')).toEqual([
      { where: 'evidence.json', what: 'known secret #2' },
    ]);
  });

  it('finds private key blocks of every common kind', () => {
    for (const header of [
      '-----BEGIN PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----',
      'PuTTY-User-Key-File-3: ssh-ed25519',
    ]) {
      expect(scanText(`x\n${header}\nabc`, [], 'f')).toEqual([{ where: 'f', what: 'a private key block' }]);
    }
    expect(scanText('-----BEGIN PUBLIC KEY-----\n-----BEGIN CERTIFICATE-----', [], 'f')).toEqual([]);
  });

  it('finds secrets in raw bytes as Latin-1 and as UTF-8', () => {
    expect(scanBytes(Buffer.from('%PDF Grüße-Passwort', 'utf8'), ['Grüße-Passwort'], 'report.pdf')).toEqual([
      { where: 'report.pdf', what: 'known secret #1' },
    ]);
    expect(scanBytes(Buffer.from('no secret here'), ['Grüße-Passwort'], 'report.pdf')).toEqual([]);
  });

  it(`does not search for secrets shorter than ${MIN_SEARCHED_SECRET_LENGTH} characters (they would match dates and counts)`, () => {
    expect(scanText('2026-11-28 port 2222', ['2222', '2026'], 'x')).toEqual([]);
  });
});
