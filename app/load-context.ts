/** What the HTTP server hands every loader and action (see app/server/http.ts). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientAddress: string;
  }
}

export {};
