import type { ServerOptions } from 'node:http';

/** Time allowed to receive a whole request, headers and body: a body sent a byte at a time is cut off then (408). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Time allowed to receive a request's headers. */
export const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Options of the Node HTTP server that bound how long a client may take to send a request, so
 * that slow senders cannot hold connections (Node's own default is 300 s for a request). Node
 * checks these every `connectionsCheckingInterval`, so that is kept short.
 */
export function httpServerOptions(requestTimeoutMs = REQUEST_TIMEOUT_MS, headersTimeoutMs = HEADERS_TIMEOUT_MS): ServerOptions {
  const headers = Math.min(headersTimeoutMs, requestTimeoutMs);
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: headers,
    connectionsCheckingInterval: Math.max(250, Math.min(1000, Math.floor(headers / 4))),
  };
}
