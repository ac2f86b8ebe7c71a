import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../shared/project/issues.js';
import { parseProjectText, serializeProject, validateProject } from '../../shared/project/parse.js';
import { validProjectInput } from './fixtures.js';

const issuesOf = (value: unknown): string => {
  const result = validateProject(value);
  if (result.ok) throw new Error('expected the project to be invalid');
  return formatIssues(result.issues);
};

describe('project schema', () => {
  it('accepts a valid project and applies the defaults', () => {
    const result = validateProject(validProjectInput());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.project.reqRuleName).toBe('REQ');
    expect(result.project.instances[0]?.port).toBe(22);
    expect(result.project.hostKeys).toEqual([]);
  });

  it('names the path and the problem for a bad port', () => {
    const input = validProjectInput();
    input.instances[2] = { ...input.instances[2]!, port: 70000 };
    expect(issuesOf(input)).toBe('instances[2].port: expected 1-65535');
  });

  it('refuses a password field with a reason rather than as an unknown field', () => {
    const input = { ...validProjectInput() } as Record<string, unknown>;
    const instances = validProjectInput().instances.map((instance) => ({ ...instance }));
    (instances[1] as Record<string, unknown>)['password'] = 'hunter2';
    (instances[0]!.auth as Record<string, unknown>)['passphrase'] = 'x';
    input['instances'] = instances;
    const text = issuesOf(input);
    expect(text).toContain('instances[1].password: secrets cannot be stored in a project file');
    expect(text).toContain('instances[0].auth.passphrase: secrets cannot be stored in a project file');
    expect(text).not.toContain('unknown field');
  });

  it('reports unknown fields at their own path', () => {
    expect(issuesOf({ ...validProjectInput(), colour: 'blue' })).toBe('colour: unknown field');
  });

  it('requires a key path for key authentication', () => {
    const input = validProjectInput();
    input.instances[1] = { ...input.instances[1]!, auth: { method: 'key' } as never };
    expect(issuesOf(input)).toMatch(/^instances\[1\]\.auth\.keyPath: /);
  });

  it('checks cross-field rules: duplicate names, reference instance, privilege per OS', () => {
    const input = validProjectInput();
    input.instances[1] = { ...input.instances[1]!, name: 'ct1' };
    input.instances[2] = { ...input.instances[2]!, privilege: 'sudo' };
    input.referenceInstance = 'nope';
    expect(issuesOf(input).split('\n')).toEqual([
      'instances[1].name: duplicate instance name "ct1"',
      'instances[2].privilege: expected "administrator" on a Windows host',
      'referenceInstance: expected the name of an instance, got "nope"',
    ]);
  });

  it('refuses another format version and an empty instance list', () => {
    expect(issuesOf({ ...validProjectInput(), schemaVersion: 2 })).toContain('schemaVersion: expected 1');
    expect(issuesOf({ ...validProjectInput(), instances: [] })).toContain('instances: expected at least one instance');
  });

  it('checks pinned fingerprints are in OpenSSH SHA256 form', () => {
    const key = { host: '10.0.0.1', port: 22, type: 'ssh-ed25519', fingerprint: 'MD5:aa:bb' };
    expect(issuesOf({ ...validProjectInput(), hostKeys: [key] })).toContain('hostKeys[0].fingerprint: expected an OpenSSH fingerprint');
  });

  it('says where JSON is broken and accepts a UTF-8 BOM', () => {
    const broken = parseProjectText('{"schemaVersion": 1,');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues[0]?.message).toMatch(/^not valid JSON: /);
    expect(parseProjectText(`\uFEFF${JSON.stringify(validProjectInput())}`).ok).toBe(true);
  });

  it('serialises deterministically and round-trips', () => {
    const result = validateProject(validProjectInput());
    if (!result.ok) throw new Error('invalid');
    const text = serializeProject(result.project);
    expect(text.endsWith('}\n')).toBe(true);
    const again = parseProjectText(text);
    expect(again.ok && serializeProject(again.project)).toBe(text);
  });

  it('keeps every setting when saved again: alerts, readyDeadlineMs, allowedPaths (a saved project lost them)', () => {
    const input = validProjectInput() as Record<string, unknown> & { instances: Record<string, unknown>[] };
    const first = input.instances[0];
    if (!first) throw new Error('no instance');
    const result = validateProject({
      ...input,
      alerts: 'siem',
      readyDeadlineMs: 120_000,
      instances: [{ ...first, allowedPaths: ['/etc/ssl/feeds.pem'] }, ...input.instances.slice(1)],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const again = parseProjectText(serializeProject(result.project));
    if (!again.ok) throw new Error('invalid');
    expect(again.project.alerts).toBe('siem');
    expect(again.project.readyDeadlineMs).toBe(120_000);
    expect(again.project.instances[0]?.allowedPaths).toEqual(['/etc/ssl/feeds.pem']);
  });
});
