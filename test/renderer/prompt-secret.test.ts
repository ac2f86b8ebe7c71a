// The password prompt of issue 13 item 8: the "every instance with this user" offer on SSH logins only, the
// server's refusal at the field when a host is re-asked, and the store's "Forget credentials" action.
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ForgetCredentials } from '../../renderer/prompts/ForgetCredentials.js';
import { SecretPrompt } from '../../renderer/prompts/SecretPrompt.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import type { CthaApi } from '../../shared/contract/api.js';
import type { Prompt } from '../../shared/contract/events.js';
import { fakeApi } from './fake-api.js';
import { elementByTestId, renderWithState } from './static-render.js';

type SecretKind = Extract<Prompt, { kind: 'password' | 'passphrase' }>;

const login: SecretKind = { kind: 'password', promptId: 'p1', instance: 'ct1', user: 'admin', host: '10.0.0.11', purpose: 'ssh' };
const render = (prompt: SecretKind): string => renderWithState(createElement(SecretPrompt, { prompt }), { prompts: [prompt] });

describe('SecretPrompt', () => {
  it('offers the password for every instance with the same user on an SSH login, with no refusal shown', () => {
    const html = render(login);
    expect(elementByTestId(html, 'prompt-secret-every-host')?.attributes.type).toBe('checkbox');
    expect(html).toContain('Use for every instance with user admin');
    expect(elementByTestId(html, 'prompt-secret-error')).toBeUndefined();
    expect(elementByTestId(html, 'prompt-secret')?.attributes['aria-invalid']).toBeUndefined();
  });

  it('shows the server refusal as an error at the field when a host is re-asked', () => {
    const html = render({ ...login, retryReason: 'authentication failed for admin@10.0.0.11:22 (methods tried: password)' });
    const error = elementByTestId(html, 'prompt-secret-error');
    expect(error?.attributes.role).toBe('alert');
    expect(error?.text).toContain('authentication failed for admin@10.0.0.11:22');
    const field = elementByTestId(html, 'prompt-secret')?.attributes;
    expect(field?.['aria-invalid']).toBe('true');
    expect(field?.['aria-describedby']).toBe('prompt-secret-error');
  });

  it('offers no user-wide scope for sudo, REST passwords or key passphrases', () => {
    for (const prompt of [
      { ...login, purpose: 'sudo' },
      { ...login, purpose: 'rest' },
      { kind: 'passphrase', promptId: 'p2', keyPath: '/k' },
    ] as SecretKind[])
      expect(elementByTestId(render(prompt), 'prompt-secret-every-host')).toBeUndefined();
  });
});

describe('Forget credentials', () => {
  it('renders a button', () => {
    expect(elementByTestId(renderWithState(createElement(ForgetCredentials), {}), 'forget-credentials')?.text).toBe('Forget credentials');
  });

  it('calls credentials.forget and says how many entries were dropped', async () => {
    const { api } = fakeApi();
    let calls = 0;
    const withForget = {
      ...api,
      'credentials.forget': async () => {
        calls += 1;
        return { forgotten: 2 };
      },
    } as unknown as CthaApi;
    const store = createAppStore(withForget);
    await store.getState().forgetCredentials();
    expect(calls).toBe(1);
    expect(store.getState().notice).toEqual({
      kind: 'success',
      text: 'Forgot the remembered passwords (2 entries); the next login asks again',
    });
  });

  it('says so when the engine has no credentials.forget operation', async () => {
    const { api } = fakeApi();
    const store = createAppStore({ ...api, 'credentials.forget': undefined } as unknown as CthaApi);
    await store.getState().forgetCredentials();
    expect(store.getState().notice?.kind).toBe('error');
  });

  it('reads and sets "remember passwords on this computer" through credentials.remember; the checkbox follows it', async () => {
    const { api } = fakeApi();
    const sent: unknown[] = [];
    let enabled = false;
    const store = createAppStore({
      ...api,
      'credentials.remember': async (input: { enabled?: boolean }) => {
        sent.push(input);
        if (input.enabled !== undefined) enabled = input.enabled;
        return { available: true, enabled };
      },
    } as unknown as CthaApi);
    await store.getState().setRememberCredentials();
    await store.getState().setRememberCredentials(true);
    expect(sent).toEqual([{}, { enabled: true }]);
    expect(store.getState().rememberCredentials).toEqual({ available: true, enabled: true });
    const on = renderWithState(createElement(ForgetCredentials), { rememberCredentials: { available: true, enabled: true } });
    expect(on).toMatch(/<input type="checkbox" checked=""/);
    // Browser mode and the CLI: unavailable, the box disabled and the engine's reason shown beside it.
    const off = renderWithState(createElement(ForgetCredentials), {
      rememberCredentials: { available: false, enabled: false, reason: 'only the desktop app can keep passwords' },
    });
    expect(off).toMatch(/<input type="checkbox" disabled=""/);
    expect(off).toContain('only the desktop app can keep passwords');
  });

  it('shows the engine error of credentials.remember as a notice and keeps the last known state', async () => {
    const { api } = fakeApi();
    const store = createAppStore({
      ...api,
      'credentials.remember': async () => {
        throw new Error('the keychain did not answer');
      },
    } as unknown as CthaApi);
    await store.getState().setRememberCredentials(true);
    expect(store.getState().notice).toEqual({ kind: 'error', text: expect.stringContaining('the keychain did not answer') });
    expect(store.getState().rememberCredentials).toBeUndefined();
  });
});
