// The engine's memory of SSH login passwords (engine/ssh/credentials/credential-memory.ts), and credentials.forget.
import { describe, expect, it } from 'vitest';
import { createCredentialHandlers } from '../../../engine/api/handlers/credentials.js';
import { CredentialMemory } from '../../../engine/ssh/credentials/credential-memory.js';
import { credentialOperations } from '../../../shared/contract/ops/credentials.js';

describe('credential memory', () => {
  it('answers only the user@host it was given for, by default', () => {
    const memory = new CredentialMemory();
    memory.remember('admin', '10.0.0.1', 'one');
    expect(memory.recall('admin', '10.0.0.1')).toBe('one');
    expect(memory.recall('admin', '10.0.0.2')).toBeUndefined();
    expect(memory.recall('root', '10.0.0.1')).toBeUndefined();
    expect(memory.size).toBe(1);
  });

  it('a user-wide answer serves every host of that user, and a host-specific one wins over it', () => {
    const memory = new CredentialMemory();
    memory.remember('admin', '10.0.0.1', 'shared', 'user');
    memory.remember('admin', '10.0.0.9', 'special');
    expect(memory.recall('admin', '10.0.0.2')).toBe('shared');
    expect(memory.recall('admin', '10.0.0.9')).toBe('special');
    expect(memory.recall('other', '10.0.0.2')).toBeUndefined();
  });

  it('a refusal forgets the password for that host and the user-wide scope it came from, not other hosts', () => {
    const memory = new CredentialMemory();
    memory.remember('admin', '10.0.0.1', 'shared', 'user');
    memory.remember('admin', '10.0.0.5', 'own');
    memory.refused('admin', '10.0.0.2');
    expect(memory.recall('admin', '10.0.0.2')).toBeUndefined();
    expect(memory.recall('admin', '10.0.0.3')).toBeUndefined();
    // The host that accepted it keeps its own entry; an unrelated host-specific password stays.
    expect(memory.recall('admin', '10.0.0.1')).toBe('shared');
    expect(memory.recall('admin', '10.0.0.5')).toBe('own');
    memory.refused('admin', '10.0.0.5');
    expect(memory.recall('admin', '10.0.0.5')).toBeUndefined();
  });

  it('a refused host-specific password leaves a different user-wide one in place', () => {
    const memory = new CredentialMemory();
    memory.remember('admin', '10.0.0.1', 'shared', 'user');
    memory.remember('admin', '10.0.0.5', 'own');
    memory.refused('admin', '10.0.0.5');
    expect(memory.recall('admin', '10.0.0.7')).toBe('shared');
    // 10.0.0.5 now falls back to the user-wide password: it is a different one from the refused.
    expect(memory.recall('admin', '10.0.0.5')).toBe('shared');
  });

  it('credentials.forget empties it and says how many entries it held; its input accepts nothing else', async () => {
    const memory = new CredentialMemory();
    memory.remember('admin', '10.0.0.1', 'shared', 'user');
    memory.remember('root', '10.0.0.2', 'x');
    const handlers = createCredentialHandlers(memory);
    const out = await handlers['credentials.forget'](credentialOperations['credentials.forget'].input.parse({}));
    expect(credentialOperations['credentials.forget'].output.parse(out)).toEqual({ forgotten: 3 });
    expect(memory.recall('admin', '10.0.0.3')).toBeUndefined();
    expect(memory.recall('root', '10.0.0.2')).toBeUndefined();
    expect(await handlers['credentials.forget']({})).toEqual({ forgotten: 0 });
    expect(credentialOperations['credentials.forget'].input.safeParse({ all: true }).success).toBe(false);
  });
});
