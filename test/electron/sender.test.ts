import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/app-url.js';
import { isTrustedSender } from '../../electron/sender.js';

const known = new Set([7]);
const from = (id: number, url: string | null) => ({ sender: { id }, senderFrame: url === null ? null : { url } });

describe('isTrustedSender', () => {
  it('accepts a window we created showing our page', () => {
    expect(isTrustedSender(from(7, 'app://ctha/index.html'), known)).toBe(true);
  });

  it('refuses a webContents id it never created', () => {
    expect(isTrustedSender(from(8, 'app://ctha/index.html'), known)).toBe(false);
  });

  it('refuses our window once it shows a foreign site', () => {
    expect(isTrustedSender(from(7, 'https://evil.example/'), known)).toBe(false);
  });

  it('refuses file:// pages', () => {
    expect(isTrustedSender(from(7, 'file:///work/main/dist/renderer/index.html'), known)).toBe(false);
  });

  it('refuses a look-alike host, a port and userinfo', () => {
    expect(isTrustedSender(from(7, 'app://ctha.evil/index.html'), known)).toBe(false);
    expect(isTrustedSender(from(7, 'app://ctha:8080/index.html'), known)).toBe(false);
    expect(isTrustedSender(from(7, 'app://user@ctha/index.html'), known)).toBe(false);
  });

  it('refuses a sender whose frame is gone', () => {
    expect(isTrustedSender(from(7, null), known)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('accepts the app origin and nothing that merely contains it', () => {
    expect(isAppUrl('app://ctha/')).toBe(true);
    expect(isAppUrl('app://ctha/assets/index.js#x')).toBe(true);
    expect(isAppUrl('https://ctha/')).toBe(false);
    expect(isAppUrl('app://other/?u=app://ctha/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
