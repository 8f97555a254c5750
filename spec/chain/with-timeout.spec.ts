import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTimeout } from '../../lib/chain/with-timeout.js';
import { isNaschainError } from '../../lib/core/errors.js';

test('a call past its deadline is a NETWORK error naming the call', async () => {
  await assert.rejects(withTimeout('reading subnet 31 neurons from ws://x', 30, new Promise(() => undefined)), (e: unknown) => {
    assert.ok(isNaschainError(e) && e.code === 'NETWORK');
    assert.match(e.message, /^reading subnet 31 neurons from ws:\/\/x timed out after 0.03 s$/);
    return true;
  });
});

test('a call within its deadline returns its value', async () => {
  assert.equal(await withTimeout('x', 1000, Promise.resolve(7)), 7);
});

test('a wait that is what was left of a deadline reports the configured total, not the time left', async () => {
  await assert.rejects(withTimeout('reading x', 20, new Promise(() => undefined), 30_000), /reading x timed out after 30 s$/);
});
