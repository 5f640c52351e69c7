/** Every request the app makes goes through here: it always has a timeout, and failures get a kind. */

export type HttpFailureKind = 'offline' | 'timeout' | 'server' | 'invalid';

/**
 * A request that did not give a usable answer, with what kind of failure it was. For an HTTP
 * error, `status` is the status and `code` the server's `error` field when it sent one (e.g. a
 * 401 says whether the token was revoked or is unknown).
 */
export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** The server's `reason`, when it gave one (a 401 says `revoked`, `unknown-token`…). */
    readonly reason?: string,
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
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const timeout = timeoutSignal(timeoutMs);
  const signal = init.signal ? eitherSignal(init.signal, timeout) : timeout;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal });
  } catch (error) {
    if (timeout.aborted) throw new HttpFailure('timeout', `No answer from the server after ${timeoutMs / 1000} s`);
    throw new HttpFailure('offline', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const { code, message, reason } = await errorBody(response);
    throw new HttpFailure('server', message ?? `The server answered ${response.status}`, response.status, code, reason);
  }
  return response;
}

/** Aborted after `ms`: AbortSignal.timeout, by hand where the browser lacks it (Safari before 16: iPhones left on iOS 15). */
function timeoutSignal(ms: number): AbortSignal {
  if (typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The request timed out.', 'TimeoutError')), ms);
  return controller.signal;
}

/** Aborted when either is: AbortSignal.any, by hand where the browser lacks it (Safari before 17.4). */
function eitherSignal(first: AbortSignal, second: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([first, second]);
  const controller = new AbortController();
  for (const source of [first, second]) {
    if (source.aborted) controller.abort(source.reason);
    else source.addEventListener('abort', () => controller.abort(source.reason), { once: true });
  }
  return controller.signal;
}

/** The answer's JSON body, or an 'invalid' HttpFailure saying what was expected. */
export async function readJson(response: Response, what: string): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new HttpFailure('invalid', `${what} sent by the server is not JSON`);
  }
}

/** The `error` code and `message` of an error answer, when it is the server's JSON. */
async function errorBody(response: Response): Promise<{ code?: string; message?: string; reason?: string }> {
  try {
    const body = (await response.json()) as { error?: unknown; message?: unknown; reason?: unknown };
    return {
      code: typeof body.error === 'string' ? body.error : undefined,
      reason: typeof body.reason === 'string' ? body.reason : undefined,
      message: typeof body.message === 'string' ? `${response.status}: ${body.message}` : undefined,
    };
  } catch {
    return {};
  }
}
