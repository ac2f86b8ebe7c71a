import { isAppUrl } from './app-url.js';

/** What the IPC registrar knows about the caller of an invoke: Electron's event, reduced to what is checked. */
export interface InvokeSender {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string } | null | undefined;
}

/**
 * Tells whether an IPC call comes from a window this process created and from a frame showing our own
 * page; anything else (a foreign site, a file:// page, a webContents we never made) is refused.
 */
export function isTrustedSender(event: InvokeSender, knownWebContentsIds: Pick<ReadonlySet<number>, 'has'>): boolean {
  if (!knownWebContentsIds.has(event.sender.id)) return false;
  // senderFrame is null once the frame has navigated away or been destroyed: refuse rather than guess.
  return isAppUrl(event.senderFrame?.url);
}
