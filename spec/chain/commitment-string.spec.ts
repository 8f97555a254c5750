import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCommitment, parseCommitment } from '../../lib/chain/commitment-string.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

test('a full commitment parses into its five fields', () => {
  const r = parseCommitment(`alice:tiny-net_v2.1:${SHA}:5f2a9c:0.025`);
  assert.deepEqual(r, { ok: true, value: { namespace: 'alice', name: 'tiny-net_v2.1', commit: SHA, hash: '5f2a9c', learningRate: 0.025 } });
});

test('None stands for a missing commit, hash or learning rate', () => {
  const r = parseCommitment('alice:net:None:None:None');
  assert.deepEqual(r, { ok: true, value: { namespace: 'alice', name: 'net', commit: null, hash: null, learningRate: null } });
});

test('format is the inverse of parse', () => {
  for (const s of [`a:b:${SHA}:h:0.1`, 'a:b:None:None:None', `a.b:c-d:${SHA}:None:1e-3`]) {
    const r = parseCommitment(s);
    assert.ok(r.ok, s);
    assert.deepEqual(parseCommitment(formatCommitment(r.value)), r);
  }
});

test('each malformed form gets its own reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty commitment/],
    ['a:b:c', /expected 5 fields .* got 3/],
    [`a:b:${SHA}:h:0.1:extra`, /expected 5 fields .* got 6/],
    [`None:b:${SHA}:h:0.1`, /namespace is missing/],
    [`a::${SHA}:h:0.1`, /name is missing/],
    [`a/b:c:${SHA}:h:0.1`, /namespace "a\/b" is not a valid Hugging Face name/],
    ['a:b:main:h:0.1', /commit "main" is not a 40-digit lowercase hex sha/],
    ['a:b::h:0.1', /commit is empty/],
    [`a:b:${SHA}::0.1`, /hash is empty/],
    [`a:b:${SHA}:h$x:0.1`, /hash .* has characters outside/],
    [`a:b:${SHA}:h:`, /lr is empty/],
    [`a:b:${SHA}:h:fast`, /lr "fast" is not a decimal number/],
    [`a:b:${SHA}:h:0x10`, /lr "0x10" is not a decimal number/],
    [`a:b:${SHA}:h:0`, /lr 0 is not a positive finite number/],
    [`a:b:${SHA}:h:1e999`, /lr 1e999 is not a positive finite number/],
    [`a:b:${SHA} :h:0.1`, /whitespace/],
  ];
  for (const [text, reason] of cases) {
    const r = parseCommitment(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.reason, reason, text);
  }
});
