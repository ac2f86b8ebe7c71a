// The renderer's one origin. Pure: used by the protocol handler, the navigation guard and the IPC sender check.

/** The privileged scheme that serves dist/renderer (never file://, which would grant the page the whole disk). */
export const APP_SCHEME = 'app';
/** The only host the scheme answers for. */
export const APP_HOST = 'ctha';
/** The renderer's origin, as Chromium reports it for a standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Tells whether a URL belongs to the renderer's origin (scheme and host exactly, no credentials or port). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Hosts are case-insensitive. A port or userinfo would still parse under our host name but never comes from our own pages.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
