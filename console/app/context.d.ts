// What console/server.ts hands every loader and action besides the request.
import '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** CSP nonce of this response's inline scripts. */
    nonce: string;
    /** The client's address as the socket sees it (not X-Forwarded-For, which anyone can send). */
    clientIp: string;
  }
}

// Single Fetch is on (vite.config.ts): loader and action data types unwrap `data()`.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}
