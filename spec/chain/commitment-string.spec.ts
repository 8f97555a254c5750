import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCommitment, parseCommitment, pythonFloat } from '../../lib/chain/commitment-string.js';

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
    ['a:b:c', /expected at least 4 fields .* got 3/],
    ['a', /expected at least 4 fields .* got 1/],
    [`:b:${SHA}:h:0.1`, /namespace is missing/],
    [`a::${SHA}:h:0.1`, /name is missing/],
    [`a/b:c:${SHA}:h:0.1`, /namespace "a\/b" is not a valid Hugging Face name/],
    ['a:b:main:h:0.1', /commit "main" is not a 40-digit lowercase hex sha/],
    ['a:b::h:0.1', /commit is empty/],
    [`a:b:${SHA}::0.1`, /hash is empty/],
    [`a:b:${SHA}:h$x:0.1`, /hash .* has characters outside/],
    [`a:b:${SHA}:h:`, /lr is empty/],
    [`a:b:${SHA}:h:fast`, /lr "fast" is not a number \(Python's float\(\) refuses it\)/],
    [`a:b:${SHA}:h:0x10`, /lr "0x10" is not a number/],
    [`a:b:${SHA}:h:1__0`, /lr "1__0" is not a number/],
    [`a:b:${SHA}:h:0`, /lr "0" is not a positive finite number/],
    [`a:b:${SHA}:h:-0.1`, /lr "-0.1" is not a positive finite number/],
    [`a:b:${SHA}:h:1e999`, /lr "1e999" is not a positive finite number/],
    [`a:b:${SHA}:h:nan`, /lr "nan" is not a positive finite number/],
    [`a:b:${SHA} :h:0.1`, /commit .* contains whitespace/],
  ];
  for (const [text, reason] of cases) {
    const r = parseCommitment(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.reason, reason, text);
  }
});

test('four fields, as upstream accepts: no learning rate (the validator default)', () => {
  const r = parseCommitment(`alice:net:${SHA}:5f2a9c`);
  assert.deepEqual(r, { ok: true, value: { namespace: 'alice', name: 'net', commit: SHA, hash: '5f2a9c', learningRate: null } });
});

test('six or more fields: the extras are ignored, as upstream ignores them', () => {
  const r = parseCommitment(`alice:net:${SHA}:5f2a9c:0.01:extra:more text`);
  assert.deepEqual(r, { ok: true, value: { namespace: 'alice', name: 'net', commit: SHA, hash: '5f2a9c', learningRate: 0.01 } });
  const none = parseCommitment(`alice:net:${SHA}:5f2a9c:None:x`);
  assert.ok(none.ok && none.value.learningRate === null);
});

test("'None' is a literal namespace or name upstream (only commit, hash and lr read None as missing)", () => {
  const r = parseCommitment(`None:None:${SHA}:h:0.1`);
  assert.ok(r.ok);
  assert.equal(r.value.namespace, 'None');
  assert.equal(r.value.name, 'None');
});

test("the learning rate is read as Python's float() reads it", () => {
  const cases: Array<[string, number | null]> = [
    ['0.025', 0.025], [' 0.025 ', 0.025], ['1e-3', 0.001], ['1E-3', 0.001], ['.5', 0.5], ['5.', 5], ['+2', 2],
    ['1_000.5', 1000.5], ['1e1_0', 1e10], ['inf', Infinity], ['-Infinity', -Infinity], ['NaN', Number.NaN],
    ['', null], ['fast', null], ['0x10', null], ['1__0', null], ['_1', null], ['1_', null], ['1.2.3', null], ['e5', null], ['--1', null],
  ];
  for (const [text, want] of cases) assert.ok(Object.is(pythonFloat(text), want), `float(${JSON.stringify(text)}) = ${pythonFloat(text)}, expected ${want}`);
  const spaced = parseCommitment(`a:b:${SHA}:h: 0.05`);
  assert.ok(spaced.ok && spaced.value.learningRate === 0.05);
});
