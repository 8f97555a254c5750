import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeRng } from '../../lib/core/rng.js';
import { createRetryingFetch, isCommitRequest, rateLimitResetSeconds, RetriesExhausted } from '../../lib/hub/retrying-fetch.js';

test('the reset time comes from the Hub RateLimit header, else Retry-After', () => {
  assert.equal(rateLimitResetSeconds(new Headers({ RateLimit: '"api";r=0;t=55' })), 55);
  assert.equal(rateLimitResetSeconds(new Headers({ RateLimit: '"resolvers";r=12;t=7', 'Retry-After': '99' })), 7);
  assert.equal(rateLimitResetSeconds(new Headers({ 'Retry-After': '4' })), 4);
  assert.equal(rateLimitResetSeconds(new Headers({})), undefined);
});

test('only the commit POST is recognised as the request that may have landed', () => {
  assert.equal(isCommitRequest('https://huggingface.co/api/models/a/b/commit/main', 'POST'), true);
  assert.equal(isCommitRequest('https://huggingface.co/api/models/a/b/commits/main', 'GET'), false);
  assert.equal(isCommitRequest('https://huggingface.co/api/models/a/b/preupload/main', 'POST'), false);
});

test('waits are capped, jitter is reproducible from the seed, and 5xx on a commit is handed back untried', async () => {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (req.url?.includes('/commit/')) return void res.writeHead(500).end();
    if (hits <= 2) return void res.writeHead(429, { RateLimit: '"api";r=0;t=3600' }).end();
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const run = async (seed: number, maxDelayMs: number) => {
      hits = 0;
      const sleeps: number[] = [];
      const f = createRetryingFetch(fetch, { maxRetries: 5, baseDelayMs: 10, maxDelayMs, jitterMs: 1000, sleep: async (ms) => void sleeps.push(ms), rng: makeRng(seed) });
      const res = await f(`${base}/api/models/a/b/tree/main`);
      assert.equal(await res.text(), 'ok');
      return sleeps;
    };
    const a = await run(1, 120_000);
    assert.equal(a.length, 2);
    for (const ms of a) assert.equal(ms, 120_000, 'an hour-long reset is capped at maxDelayMs');
    const b = await run(1, 1e9);
    for (const ms of b) assert.ok(ms >= 3_600_000 && ms < 3_601_000, `reset time plus jitter, got ${ms}`);
    assert.deepEqual(await run(1, 1e9), b, 'same seed, same waits');
    assert.notDeepEqual(await run(2, 1e9), b, 'other seed, other waits');
    const f = createRetryingFetch(fetch, { maxRetries: 5, baseDelayMs: 10, maxDelayMs: 60_000, jitterMs: 1000, sleep: async () => {}, rng: makeRng(1) });
    hits = 0;
    const res = await f(`${base}/api/models/a/b/commit/main`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 500);
    assert.equal(hits, 1);
  } finally {
    server.close();
  }
});

test('a refused connection is retried with growing backoff, then reported', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  const sleeps: number[] = [];
  const f = createRetryingFetch(fetch, { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 60_000, jitterMs: 50, sleep: async (ms) => void sleeps.push(ms), rng: makeRng(5) });
  await assert.rejects(f(`http://127.0.0.1:${port}/api/models/a/b`), (e: Error) => e instanceof RetriesExhausted && /connection failed 4 times/.test(e.message));
  assert.equal(sleeps.length, 3);
  assert.ok((sleeps[0] as number) < (sleeps[1] as number) && (sleeps[1] as number) < (sleeps[2] as number));
});
