import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KeyboardPrompt } from '../../../renderer/prompts/KeyboardPrompt.js';
import { createAppStore } from '../../../renderer/store/create-app-store.js';
import { StoreProvider } from '../../../renderer/store/store-context.js';
import type { Prompt } from '../../../shared/contract/events.js';
import { fakeApi } from '../../renderer/fake-api.js';

// The wizard's prompt dialog for a server's keyboard-interactive round: the server's own texts, one
// field per question, visible when the server allows echo and masked otherwise.
describe('prompt dialog: kbd-interactive', () => {
  it("shows the server's name, instructions and questions; echoed answers visible, others masked", () => {
    const store = createAppStore(fakeApi({}).api);
    const prompt: Extract<Prompt, { kind: 'kbd-interactive' }> = {
      kind: 'kbd-interactive',
      promptId: 'p-1',
      instance: 'ct-linux-1',
      user: 'ctadmin',
      host: '10.0.0.5',
      name: 'Two-factor login',
      instructions: 'Enter the code from your app.',
      prompts: [
        { prompt: 'Token serial: ', echo: true },
        { prompt: 'Verification code: ', echo: false },
      ],
      round: 2,
    };
    // Server rendering reads the store's initial state, so the component is rendered as PromptDialog renders it.
    const html = renderToStaticMarkup(createElement(StoreProvider, { store, children: createElement(KeyboardPrompt, { prompt }) }));
    expect(html).toContain('Two-factor login');
    expect(html).toContain('Enter the code from your app.');
    expect(html).toContain('ctadmin@10.0.0.5 (ct-linux-1), step 2');
    expect(html).toMatch(/<span>Token serial: <\/span><input type="text" data-testid="prompt-answer-0"/);
    expect(html).toMatch(/<span>Verification code: <\/span><input type="password" data-testid="prompt-answer-1"/);
  });
});
