/** Every request the app makes goes through here: it always has a timeout, and failures get a kind. */

export type HttpFailureKind = 'offline' | 'timeout' | 'server' | 'invalid';

/** A request that did not give a usable answer, with what kind of failure it was. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** fetch() with a timeout; network errors, timeouts and non-2xx answers become an HttpFailure. */
export async function fetchWithTimeout(
  url: string,
  init: RequestInit = {},
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (error) {
    if (timeout.aborted) throw new HttpFailure('timeout', `No answer from the server after ${timeoutMs / 1000} s`);
    throw new HttpFailure('offline', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    throw new HttpFailure('server', `The server answered ${response.status}`, response.status);
  }
  return response;
}
