import { describe, expect, test } from 'vitest';
import { unifiedDiff } from '../../../../engine/cybertrace/xml/index.js';

const lines = (n: number, eol = '\n'): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join(eol) + eol;

describe('unifiedDiff', () => {
  test('one changed line with three lines of context on each side', () => {
    const before = lines(20);
    const after = before.replace('line 10\n', 'line ten\n');
    const out = unifiedDiff('/etc/kl_feed_service.conf', before, after);
    expect(out).toContain('--- /etc/kl_feed_service.conf\tbefore');
    expect(out).toContain('+++ /etc/kl_feed_service.conf\tafter');
    expect(out).toContain('@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n');
    expect(out).not.toContain('line 6\n');
    expect(out).not.toContain('\u240d');
  });

  test('a CRLF file changed inside keeps its CRs out of sight when only the text differs', () => {
    const before = lines(5, '\r\n');
    const out = unifiedDiff('f', before, before.replace('line 3', 'line three'));
    expect(out).toContain('-line 3');
    expect(out).toContain('+line three');
    expect(out).not.toContain('\u240d');
  });

  test('a line that differs only by its CR is shown with the CR visible', () => {
    const before = lines(5, '\r\n');
    const after = before.replace('line 3\r\n', 'line 3\n');
    const out = unifiedDiff('f', before, after);
    expect(out).toContain('-line 3\u240d\n+line 3\n');
    expect(out).toContain('before (\u240d = CR)');
  });

  test('identical texts give a patch without hunks', () => {
    expect(unifiedDiff('f', 'a\n', 'a\n')).not.toContain('@@');
  });
});
