// A fetch wrapper handed to @huggingface/hub so that every request the client
// makes is retried the same way: 429 after the time the Hub's RateLimit header
// gives (bounded, plus seeded jitter), 5xx and dropped connections with
// exponential backoff. A commit POST is never retried here on 5xx: it may have
// landed, so the store checks the branch tip first (see hf-model-store.ts).
// Each request, its body included, has a deadline (RequestTimeout when it
// passes); a caller that passes its own AbortSignal owns the deadline instead.
// Messages name a URL without its query string: a CDN's presigned download URL
// carries its signature there.
import type { Rng } from '../core/rng.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Retries after the first try (so maxRetries + 1 requests at most). */
  maxRetries: number;
  /** First 5xx backoff; doubles each retry. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever the server asks. */
  maxDelayMs: number;
  /** Up to this much random extra wait, drawn from rng. */
  jitterMs: number;
  sleep: Sleep;
  rng: Rng;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'rng' | 'sleep'> = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 60_000, jitterMs: 1_000 };

/** Seconds until the rate-limit window resets: `RateLimit: "api";r=0;t=55` (IETF draft the Hub uses), else Retry-After. */
export function rateLimitResetSeconds(headers: Headers): number | undefined {
  const rl = headers.get('ratelimit');
  const m = rl ? /(?:^|[;,\s])t\s*=\s*(\d+(?:\.\d+)?)/.exec(rl) : null;
  if (m) return Number(m[1]);
  const ra = headers.get('retry-after');
  if (ra !== null && /^\d+(\.\d+)?$/.test(ra.trim())) return Number(ra.trim());
  return undefined;
}

/** The commit endpoint: POST /api/{type}s/{ns}/{name}/commit/{rev}. */
export function isCommitRequest(url: string, method: string): boolean {
  return method.toUpperCase() === 'POST' && /\/api\/[a-z]+s\/[^/]+\/[^/]+\/commit\//.test(new URL(url).pathname);
}

function requestUrl(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** A URL fit for a message: origin and path, no query string or fragment (presigned URLs sign there). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search || u.hash ? '?…' : ''}`;
  } catch {
    return url.replace(/[?#].*$/, '?…');
  }
}

/** A request (headers and body) that did not finish within its deadline; not retried. */
export class RequestTimeout extends Error {
  constructor(readonly method: string, readonly url: string, readonly timeoutMs: number) {
    super(`${method} ${redactUrl(url)}: no complete answer within ${timeoutMs / 1000} s`);
    this.name = 'RequestTimeout';
  }
}

/** Thrown when the retries run out on a network failure; the last cause is kept. */
export class RetriesExhausted extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriesExhausted';
  }
}

/** Deadline of one request, body included, when the caller gives no signal of its own. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export function createRetryingFetch(inner: typeof fetch, policy: RetryPolicy, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): typeof fetch {
  const wait = (attempt: number, serverSeconds?: number): number => {
    const base = serverSeconds !== undefined ? serverSeconds * 1000 : policy.baseDelayMs * 2 ** attempt;
    return Math.min(policy.maxDelayMs, base + policy.rng.next() * policy.jitterMs);
  };
  const retrying = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const commit = isCommitRequest(url, method);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      let signal = init?.signal ?? undefined;
      if (!signal) {
        // The reason is what a body read rejects with too; the timer is unref'd and harmless once the body is read.
        const c = new AbortController();
        setTimeout(() => c.abort(new RequestTimeout(method, url, timeoutMs)), timeoutMs).unref();
        signal = c.signal;
      }
      try {
        res = await inner(input, { ...init, signal });
      } catch (e) {
        // An aborted request is the caller's decision, a timed-out one has used its time, and a failed commit may have landed.
        if ((e as Error).name === 'AbortError' || e instanceof RequestTimeout || commit) throw e;
        if (attempt >= policy.maxRetries) throw new RetriesExhausted(`${method} ${redactUrl(url)}: connection failed ${attempt + 1} times`, { cause: e });
        await policy.sleep(wait(attempt));
        continue;
      }
      const retryable = res.status === 429 || (res.status >= 500 && !commit);
      if (!retryable || attempt >= policy.maxRetries) return res;
      const delay = wait(attempt, res.status === 429 ? rateLimitResetSeconds(res.headers) ?? policy.baseDelayMs / 1000 : undefined);
      await res.body?.cancel().catch(() => undefined);
      await policy.sleep(delay);
    }
  };
  return retrying as typeof fetch;
}
