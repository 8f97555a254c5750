import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSeed, makeRng, rngFor, shuffleInPlace } from '../../lib/core/rng.js';

test('same seed gives the same stream, another seed another stream', () => {
  const a = makeRng(42), b = makeRng(42), c = makeRng(43);
  const sa = Array.from({ length: 8 }, () => a.next());
  const sb = Array.from({ length: 8 }, () => b.next());
  const sc = Array.from({ length: 8 }, () => c.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('deriveSeed is stable, label-sensitive and root-sensitive', () => {
  assert.equal(deriveSeed(0, 'gen3/ind7/init'), deriveSeed(0, 'gen3/ind7/init'));
  assert.notEqual(deriveSeed(0, 'a'), deriveSeed(0, 'b'));
  assert.notEqual(deriveSeed(0, 'a'), deriveSeed(1, 'a'));
  const s = deriveSeed(7, 'x');
  assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
});

test('int stays in range and covers it; normal has about zero mean and unit variance', () => {
  const r = rngFor(1, 'int');
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) {
    const v = r.int(5);
    assert.ok(v >= 0 && v < 5);
    seen.add(v);
  }
  assert.equal(seen.size, 5);
  assert.throws(() => r.int(0), /positive integer/);
  const n = 20000;
  let sum = 0, sq = 0;
  for (let i = 0; i < n; i++) { const v = r.normal(); sum += v; sq += v * v; }
  assert.ok(Math.abs(sum / n) < 0.05);
  assert.ok(Math.abs(sq / n - 1) < 0.05);
});

test('shuffle is a seeded permutation', () => {
  const a = shuffleInPlace([...Array(50).keys()], makeRng(3));
  const b = shuffleInPlace([...Array(50).keys()], makeRng(3));
  assert.deepEqual(a, b);
  assert.deepEqual([...a].sort((x, y) => x - y), [...Array(50).keys()]);
  assert.notDeepEqual(a, [...Array(50).keys()]);
});
