// The error formatters are total: describe/previewValue and errorText return a
// short line for any value (deep nesting that makes JSON.stringify and
// String() throw RangeError, huge arrays and strings, BigInt, symbols, objects
// without a prototype, throwing getters and proxies), quickly, and without a
// control character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../lib/core/errors.js';
import { errorText, previewValue } from '../../lib/core/value-text.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

/** What a 64 KiB submission.json can hold: arrays nested 30,000 deep. */
const deep = () => JSON.parse(`${'['.repeat(30_000)}${']'.repeat(30_000)}`) as unknown;

test('the hostile values that broke the old formatter make JSON.stringify and String() throw', () => {
  // The premise of the fix: if these stop throwing, the spec below proves less.
  assert.throws(() => JSON.stringify(deep()), RangeError);
  assert.throws(() => String(deep()), RangeError);
});

test('describe renders any value in at most 80 characters and never throws', () => {
  const throwingGetter = Object.defineProperty({}, 'x', { enumerable: true, get() { throw new Error('boom'); } });
  const proxy = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const values: unknown[] = [
    deep(), { kind: deep() }, new Array(5_000_000).fill(7), 'x'.repeat(10_000_000), 10n ** 30n, Symbol('s\u001b'),
    Object.create(null), throwingGetter, proxy, cyclic, () => 1, Number.NaN, -Infinity, new Date(Number.NaN),
    { '\u001b[2J': '\u001b]52;c;AAAA\u0007' },
  ];
  for (const v of values) {
    const t0 = performance.now();
    const s = describe(v);
    assert.ok(performance.now() - t0 < 250, `bounded cost for ${s}`);
    assert.ok(s.length <= 80, s);
    assert.doesNotMatch(s, CONTROL, s);
  }
  assert.match(describe(deep()), /^\[\[\[\[+…$/);
  assert.equal(describe(cyclic), '{"a":1,"self":[Circular]}');
  assert.equal(describe(10n), '10n');
  assert.equal(describe(Number.NaN), 'NaN');
  assert.match(describe(throwingGetter), /^\{"x":…$/);
  assert.equal(describe({ '\u001b': '\u0007' }), '{"\\u001b":"\\u0007"}');
});

test('describe keeps the JSON form messages already use for ordinary values', () => {
  for (const v of [null, true, 3, -1.5, 'a"b', [3, 3, -1], { paths: ['x.bin'], n: null }, []]) assert.equal(describe(v), JSON.stringify(v));
  assert.equal(describe(undefined), 'undefined');
  const long = describe(Array.from({ length: 100 }, (_, i) => i));
  assert.equal(long.length, 80);
  assert.ok(long.endsWith('…'));
  assert.equal(previewValue({ a: 'xyz' }, 8), '{"a":"x…');
});

test('errorText gives one clean line for anything thrown', () => {
  assert.equal(errorText(new Error('first\nsecond')), 'first');
  assert.equal(errorText(new RangeError('')), 'RangeError');
  assert.equal(errorText(new Error('bad \u001b[2Jlayer\r')), 'bad [2Jlayer');
  assert.equal(errorText('plain\nmore'), 'plain');
  assert.equal(errorText(Object.create(null)), '{}');
  assert.equal(errorText(deep()).length <= 300, true);
  assert.equal(errorText(Symbol('x')), 'Symbol(x)');
  const hostile = new Error('x');
  Object.defineProperty(hostile, 'message', { get() { throw new Error('getter'); } });
  assert.equal(typeof errorText(hostile), 'string');
  assert.equal(errorText(new Error('y'.repeat(1000)), 10), 'y'.repeat(10));
});
