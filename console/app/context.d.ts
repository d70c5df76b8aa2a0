// What console/server.ts hands every loader and action besides the request.
import '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** CSP nonce of this response's inline scripts. */
    nonce: string;
    /** The client's address: the socket's, or X-Forwarded-For's from a proxy SHIYING_TRUST_PROXY trusts. */
    clientIp: string;
  }
}

// Single Fetch is on (vite.config.ts): loader and action data types unwrap `data()`.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}
