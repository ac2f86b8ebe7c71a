import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState } from './app-state.js';
import type { AppStore } from './create-app-store.js';

const StoreContext = createContext<AppStore | undefined>(undefined);

/** Makes one store available to the component tree below it. */
export function StoreProvider({ store, children }: { readonly store: AppStore; readonly children: ReactNode }) {
  return <StoreContext value={store}>{children}</StoreContext>;
}

/** Reads a slice of state and re-renders when it changes; wrap derived objects in useShallow. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (store === undefined) throw new Error('useAppStore needs a StoreProvider above it');
  return useStore(store, selector);
}
