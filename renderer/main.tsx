import './zod-config.js';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../shared/contract/client.js';
import { App } from './components/App.js';
import { createAppStore } from './store/create-app-store.js';
import { StoreProvider } from './store/store-context.js';
import { selectBridge } from './transport/select-bridge.js';

// Start-up side effects live here, outside React, so StrictMode's double effects cannot repeat them.
const store = createAppStore(createClient(selectBridge(window)));
store.getState().listenForPrompts();
void store.getState().start();

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
