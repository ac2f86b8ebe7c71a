// session.read, session.save and session.clear through the engine's transport (validated both ways), on real files.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import { sessionFilePath, sessionSecrets } from '../../../engine/api/handlers/session-file.js';
import { createClient } from '../../../shared/contract/client.js';
import { ApiError } from '../../../shared/contract/errors.js';
import { sampleWizardSession } from '../../renderer/session-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'ctha-session-'));
const api = createClient(createInProcessBridge(createEngine({ frontEnd: 'cli' })));

let counter = 0;
// Only the project file's presence matters to the session handlers: they never parse it.
function projectFile(): string {
  counter += 1;
  const path = join(dir, `site${counter}.ctha.json`);
  writeFileSync(path, '{}\n');
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('session file name', () => {
  it('sits beside the project: site.ctha.json -> site.ctha-session.json; other names get the suffix appended', () => {
    expect(sessionFilePath('/x/y/site.ctha.json')).toBe('/x/y/site.ctha-session.json');
    expect(sessionFilePath('/x/y/site.json')).toBe('/x/y/site.json.ctha-session.json');
  });
});

describe('session.save and session.read', () => {
  it('writes the session owner-only beside the project and reads back the same results', async () => {
    const project = projectFile();
    const session = sampleWizardSession(project);
    const saved = await api['session.save']({ projectPath: project, session });
    expect(saved.path).toBe(project.replace(/\.ctha\.json$/, '.ctha-session.json'));
    expect(saved.bytes).toBe(statSync(saved.path).size);
    expect(statSync(saved.path).mode & 0o777).toBe(0o600);
    const read = await api['session.read']({ projectPath: project });
    expect(read.problem).toBeUndefined();
    expect(read.session).toEqual(session);
  });

  it('replaces an older 0644 file with a 0600 one, atomically (no temporary file left beside it)', async () => {
    const project = projectFile();
    const path = sessionFilePath(project);
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    await api['session.save']({ projectPath: project, session: sampleWizardSession(project, { step: 'plan' }) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ step: 'plan', format: 'ctha-wizard-session' });
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('refuses a session holding a private key or a password, says where, and leaves the old file as it was', async () => {
    const project = projectFile();
    await api['session.save']({ projectPath: project, session: sampleWizardSession(project) });
    const before = readFileSync(sessionFilePath(project));
    const withKey = sampleWizardSession(project, { engineer: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc' });
    const keyError = await refusal(api['session.save']({ projectPath: project, session: withKey }));
    expect(keyError.message).toContain('$.engineer holds a private key block');
    expect(keyError.message).not.toContain('abc');
    expect(readFileSync(sessionFilePath(project)).equals(before)).toBe(true);
    // The results' schemas drop a field they do not name: a password slipped into a result never reaches the disk.
    const audit = sampleWizardSession(project).audit!;
    const withPassword = sampleWizardSession(project, {
      audit: { ...audit, report: { ...audit.report, instances: [{ ...audit.report.instances[0]!, sudoPassword: 'hunter22' } as never] } },
    });
    await api['session.save']({ projectPath: project, session: withPassword });
    expect(readFileSync(sessionFilePath(project), 'utf8')).not.toContain('hunter22');
  });

  it('finds a password-like name holding a string anywhere, but not the words of ordinary facts', () => {
    expect(sessionSecrets({ a: [{ sudoPassword: 'x' }] })).toEqual([
      { where: '$.a[0].sudoPassword', what: expect.stringContaining('password') as unknown as string },
    ]);
    expect(sessionSecrets({ p12_passphrase: 'x', nested: { privateKey: 'y' } }).map((hit) => hit.where)).toEqual([
      '$.p12_passphrase',
      '$.nested.privateKey',
    ]);
    // The project's auth method and the Balancer's key-file facts name secrets without holding one.
    expect(sessionSecrets({ auth: { method: 'password' }, sslPrivateKey: { path: '/k.pem', present: true }, password: '' })).toEqual([]);
  });

  it('refuses a session of another project, and a project file that is not there, writing nothing', async () => {
    const project = projectFile();
    const other = await refusal(api['session.save']({ projectPath: project, session: sampleWizardSession(join(dir, 'other.ctha.json')) }));
    expect(other.message).toContain('not of');
    const missing = join(dir, 'missing.ctha.json');
    const absent = await refusal(api['session.save']({ projectPath: missing, session: sampleWizardSession(missing) }));
    expect(absent.code).toBe('not-found');
    expect(readdirSync(dir)).not.toContain('missing.ctha-session.json');
    expect(readdirSync(dir)).not.toContain(`site${counter}.ctha-session.json`);
  });

  it('reads no session and no problem when there is no file', async () => {
    const read = await api['session.read']({ projectPath: projectFile() });
    expect(read).toEqual({ path: expect.stringMatching(/\.ctha-session\.json$/) as unknown as string });
  });

  it.each([
    ['not JSON', '{"format": "ctha-wizard-session", "sch', /is not JSON/],
    ['foreign JSON', '{"name": "a project, not a session"}', /not a wizard session/],
    ['a newer format', '{"format": "ctha-wizard-session", "schemaVersion": 2}', /format 2; this tool reads format 1/],
    ['a malformed session', '{"format": "ctha-wizard-session", "schemaVersion": 1, "step": 3}', /not a valid wizard session \(projectPath/],
  ])('says clearly why %s cannot be resumed, without failing', async (_what, text, problem) => {
    const project = projectFile();
    writeFileSync(sessionFilePath(project), text);
    const read = await api['session.read']({ projectPath: project });
    expect(read.session).toBeUndefined();
    expect(read.problem).toMatch(problem);
    expect(read.problem).toContain('cannot be resumed');
  });

  it('says a session saved for another project, or larger than the cap, cannot be resumed', async () => {
    const project = projectFile();
    writeFileSync(sessionFilePath(project), JSON.stringify(sampleWizardSession('/elsewhere/site.ctha.json')));
    expect((await api['session.read']({ projectPath: project })).problem).toContain('it was saved for /elsewhere/site.ctha.json');
    // A sparse file: the size is checked before a byte is read.
    truncateSync(sessionFilePath(project), 17 * 1024 * 1024);
    expect((await api['session.read']({ projectPath: project })).problem).toMatch(/17825792 bytes, more than a session's 16777216/);
  });
});

describe('session.clear', () => {
  it('removes the session file, then says there was none', async () => {
    const project = projectFile();
    await api['session.save']({ projectPath: project, session: sampleWizardSession(project) });
    expect(await api['session.clear']({ projectPath: project })).toEqual({ path: sessionFilePath(project), removed: true });
    expect(await api['session.clear']({ projectPath: project })).toEqual({ path: sessionFilePath(project), removed: false });
    expect((await api['session.read']({ projectPath: project })).session).toBeUndefined();
    expect(readFileSync(project, 'utf8')).toBe('{}\n');
  });
});
