import type { ReactElement } from 'react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AppState } from '../../renderer/store/app-state.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { StoreProvider } from '../../renderer/store/store-context.js';
import { fakeApi, sampleProject } from './fake-api.js';

/**
 * Renders a component to HTML over a store holding `state` (no DOM here: the markup is what React would
 * put on the page first). zustand renders the store's initial state on the server, so the store handed
 * to the provider reports the patched state as its initial one.
 */
export function renderWithState(element: ReactElement, state: Partial<AppState>): string {
  const store = createAppStore(fakeApi().api);
  store.setState({ draft: sampleProject(), path: '/p/x.ctha.json', ...state });
  const snapshot = store.getState();
  return renderToStaticMarkup(createElement(StoreProvider, { store: { ...store, getInitialState: () => snapshot }, children: element }));
}

/** The attributes of the element carrying `data-testid`, or undefined when there is none. */
export function elementByTestId(html: string, testId: string): { attributes: Record<string, string>; text: string } | undefined {
  const open = new RegExp(`<([a-z0-9]+)((?:\\s[^>]*)?\\sdata-testid="${testId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*)>`).exec(html);
  if (open === null) return undefined;
  const attributes: Record<string, string> = {};
  for (const match of (open[2] ?? '').matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attributes[match[1] ?? ''] = match[2] ?? '';
  // The element's text: from its opening tag to its matching closing tag, tags removed.
  const tag = open[1] ?? '';
  let depth = 0;
  const rest = html.slice(open.index);
  const tags = new RegExp(`<(/?)${tag}(?=[\\s>])[^>]*>`, 'g');
  let end = rest.length;
  for (const match of rest.matchAll(tags)) {
    depth += match[1] === '/' ? -1 : 1;
    if (depth === 0) {
      end = (match.index ?? 0) + match[0].length;
      break;
    }
  }
  const text = rest
    .slice(0, end)
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return { attributes, text };
}
