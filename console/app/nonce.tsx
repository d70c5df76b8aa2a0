// The per-request CSP nonce (made by console/server.ts) for the scripts Remix renders inline.
import { createContext, useContext } from 'react';

export const NonceContext = createContext<string>('');
export const NonceProvider = NonceContext.Provider;

/** On the server the request's nonce; in the browser '' (the scripts are already running). */
export function useNonce(): string {
  return useContext(NonceContext);
}
