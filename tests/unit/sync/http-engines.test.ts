import { afterEach, describe, expect, it } from 'vitest';
import { fetchWithTimeout } from '../../../src/sync/http.ts';

/** A fetch that answers only when aborted (as a request to a server that never answers). */
const hanging: typeof fetch = (_url, init) =>
  new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

const any = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
const timeout = Object.getOwnPropertyDescriptor(AbortSignal, 'timeout');

describe('requests in a browser without AbortSignal.any (Safari before 17.4)', () => {
  afterEach(() => {
    if (any) Object.defineProperty(AbortSignal, 'any', any);
  });

  it('still times out, and still stops when the caller aborts', async () => {
    Reflect.deleteProperty(AbortSignal, 'any');
    expect('any' in AbortSignal).toBe(false);
    await expect(fetchWithTimeout('http://etape.test/api', {}, 50, hanging)).rejects.toMatchObject({ kind: 'timeout' });
    const caller = new AbortController();
    const request = fetchWithTimeout('http://etape.test/api', { signal: caller.signal }, 60_000, hanging);
    caller.abort();
    await expect(request).rejects.toMatchObject({ kind: 'offline' });
    const timedOut = fetchWithTimeout('http://etape.test/api', { signal: new AbortController().signal }, 50, hanging);
    await expect(timedOut).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('requests in a browser without AbortSignal.timeout (Safari before 16: iPhones left on iOS 15)', () => {
  afterEach(() => {
    if (timeout) Object.defineProperty(AbortSignal, 'timeout', timeout);
  });

  it('still times out, and an answer in time is not cut', async () => {
    Reflect.deleteProperty(AbortSignal, 'timeout');
    expect('timeout' in AbortSignal).toBe(false);
    await expect(fetchWithTimeout('http://etape.test/api', {}, 50, hanging)).rejects.toMatchObject({ kind: 'timeout' });
    const answered = await fetchWithTimeout('http://etape.test/api', {}, 60_000, () => Promise.resolve(new Response('{}')));
    expect(answered.ok).toBe(true);
  });
});
