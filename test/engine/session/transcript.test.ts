import { describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { TranscriptEntry } from '../../../engine/ssh/transcript/entry.js';
import { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { Redactor } from '../../../engine/ssh/transcript/redactor.js';
import { PASSWORD, password, startTestHost, targetFor, testDeps } from './helpers.js';
import { startScriptedServer } from './scripted-server.js';

const entry = (command: string): TranscriptEntry => ({
  instance: 'n',
  target: 'h:22',
  kind: 'exec',
  op: 'exec',
  command,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  bytesIn: 0,
  bytesOut: 0,
});

describe('Redactor and MemoryTranscript', () => {
  it('replaces every occurrence of every secret, the longest first; ignores empty secrets', () => {
    const redactor = new Redactor();
    redactor.add('');
    redactor.add('abc');
    redactor.add('abcdef');
    expect(redactor.redact('x abcdef y abc z abcabc')).toBe('x [redacted] y [redacted] z [redacted][redacted]');
    expect(redactor.size).toBe(2);
    expect(redactor.redactData({ a: ['abc', 1, null], b: { c: 'zabc' } })).toEqual({ a: ['[redacted]', 1, null], b: { c: 'z[redacted]' } });
  });

  it('stores redacted, frozen copies and tells listeners; a throwing listener loses nothing', () => {
    const redactor = new Redactor();
    const transcript = new MemoryTranscript(redactor);
    const seen: string[] = [];
    transcript.onEntry(() => {
      throw new Error('broken UI');
    });
    const off = transcript.onEntry((e) => seen.push(e.command ?? ''));
    redactor.add('hunter2');
    transcript.record(entry('echo hunter2'));
    off();
    transcript.record(entry('true'));
    expect(seen).toEqual(['echo [redacted]']);
    expect(transcript.entries().map((e) => e.command)).toEqual(['echo [redacted]', 'true']);
    expect(Object.isFrozen(transcript.entries()[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(transcript))).toHaveLength(2);
  });
});

describe('the transcript of a run', () => {
  it('records every operation as plain data and never contains a password, not even a wrong one', async () => {
    const WRONG = 'Wr0ng-Guess-4711';
    const test = await startTestHost({ os: 'linux', address: '127.0.60.51' });
    const t = testDeps({ answers: [password(WRONG)] });
    try {
      const target = targetFor('127.0.60.51', test.host.port);
      await expect(openSession(target, t.deps)).rejects.toMatchObject({ code: 'auth-failed' });
      // The same transcript and redactor for the whole run: a second login with the right password.
      const again = testDeps({ answers: [password(PASSWORD)] });
      const session = await openSession(target, { ...again.deps, transcript: t.transcript, redactor: t.redactor, ask: again.deps.ask });
      const sudo = await session.exec("sudo -S -p '' cat /opt/kaspersky/ktfs/etc/kl_feed_service.conf", {
        stdin: `${session.loginPassword() ?? ''}\n`,
        secretStdin: true,
      });
      expect(sudo.code).toBe(0);
      expect(sudo.stdout.toString()).toContain('<Port>9999</Port>');
      // A caller mistake: the secret in a command line is still redacted in the transcript.
      await session.exec(`echo '${PASSWORD}' >/dev/null`);
      await session.writeFile('/tmp/t.conf', 'abc');
      expect((await session.readFile('/tmp/t.conf')).toString()).toBe('abc');
      await session.stat('/tmp/nope').catch(() => undefined);
      await session.close();

      const entries = t.transcript.entries();
      expect(entries.map((e) => [e.kind, e.op, e.errorCode ?? 'ok'])).toEqual([
        ['connect', 'connect', 'auth-failed'],
        ['connect', 'connect', 'ok'],
        ['exec', 'exec', 'ok'],
        ['exec', 'exec', 'ok'],
        ['sftp', 'write', 'ok'],
        ['sftp', 'read', 'ok'],
        ['sftp', 'stat', 'sftp'],
      ]);
      expect(entries[0]).toMatchObject({
        instance: 'node-1',
        target: `127.0.60.51:${test.host.port}`,
        note: 'user ctlab, auth password',
        error: expect.stringContaining('authentication failed'),
      });
      expect(entries[2]).toMatchObject({
        command: "sudo -S -p '' cat /opt/kaspersky/ktfs/etc/kl_feed_service.conf",
        exitCode: 0,
        secretStdin: true,
        bytesOut: PASSWORD.length + 1,
      });
      expect(entries[2]?.bytesIn).toBe(sudo.stdout.length + sudo.stderr.length);
      expect(entries[3]?.command).toBe("echo '[redacted]' >/dev/null");
      expect(entries[4]).toMatchObject({ path: '/tmp/t.conf', bytesOut: 3, bytesIn: 0 });
      expect(entries[5]).toMatchObject({ path: '/tmp/t.conf', bytesIn: 3 });
      expect(entries[6]).toMatchObject({ path: '/tmp/nope', error: 'sftp stat /tmp/nope: no such file or directory' });
      for (const e of entries) {
        expect(new Date(e.startedAt).toISOString()).toBe(e.startedAt);
        expect(e.durationMs).toBeGreaterThanOrEqual(0);
      }
      const json = JSON.stringify(t.transcript);
      expect(JSON.parse(json)).toEqual(entries);
      for (const secret of [PASSWORD, WRONG, JSON.stringify(PASSWORD).slice(1, -1)]) expect(json).not.toContain(secret);
    } finally {
      await test.stop();
    }
  });

  it('error messages are redacted too (a timed-out command that quoted the password)', async () => {
    const server = await startScriptedServer({ address: '127.0.60.52', exec: 'hang' });
    const t = testDeps({ answers: [password(PASSWORD)] });
    const session = await openSession(targetFor('127.0.60.52', server.port), t.deps);
    try {
      await expect(session.exec(`printf %s '${PASSWORD}'`, { timeoutMs: 100 })).rejects.toMatchObject({
        code: 'timeout',
        message: "timeout: exec did not finish within 0.1 s: printf %s '[redacted]'",
      });
      // What went over the wire is the real command; only what is kept is redacted.
      expect(server.commands).toEqual([`printf %s '${PASSWORD}'`]);
      expect(JSON.stringify(t.transcript)).not.toContain(PASSWORD);
    } finally {
      await session.close();
      await server.stop();
    }
  });

  it('host-side bound: boundCommand wraps the command (recorded as sent) unless hostBound is false', async () => {
    const server = await startScriptedServer({ address: '127.0.60.53', exec: 'echo' });
    const t = testDeps({
      answers: [password(PASSWORD)],
      overrides: { boundCommand: (command, ms) => `timeout --kill-after=5 ${Math.ceil(ms / 1000)} ${command}` },
    });
    const session = await openSession(targetFor('127.0.60.53', server.port), t.deps);
    try {
      await session.exec('id -un', { timeoutMs: 30_000 });
      await session.exec('id -un', { hostBound: false });
      expect(server.commands).toEqual(['timeout --kill-after=5 30 id -un', 'id -un']);
      expect(
        t.transcript
          .entries()
          .slice(1)
          .map((e) => e.command),
      ).toEqual(server.commands);
    } finally {
      await session.close();
      await server.stop();
    }
  });
});
