import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHfUrl, parseHfUrl, parseRepoId } from '../../lib/hub/model-ref.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

test('hf:// URLs round-trip, with a base64 hash that keeps its + / =', () => {
  const ref = { namespace: 'alice', name: 'tiny-net.v2', commit: SHA };
  assert.deepEqual(parseHfUrl(formatHfUrl(ref)), { ref });
  const hash = 'ab+/cd==';
  assert.equal(formatHfUrl(ref, hash), `hf://alice/tiny-net.v2@${SHA}?hash=ab%2B%2Fcd%3D%3D`);
  assert.deepEqual(parseHfUrl(formatHfUrl(ref, hash)), { ref, expectedHash: hash });
});

test('a branch, a short sha or an odd name is refused: only pinned commits load', () => {
  assert.throws(() => parseHfUrl('hf://alice/net@main'), /40-character/);
  assert.throws(() => parseHfUrl(`hf://alice/net@${SHA.slice(0, 12)}`), /40-character/);
  assert.throws(() => parseHfUrl(`hf://alice/net@${SHA.toUpperCase()}`), /40-character/);
  assert.throws(() => parseHfUrl(`hf://../net@${SHA}`), /namespace/);
  assert.throws(() => parseHfUrl(`hf://alice/net/extra@${SHA}`), /hf:\/\/namespace\/name@commit/);
  assert.throws(() => parseHfUrl(`hf://alice/net@${SHA}?sha=1`), /query/);
  assert.throws(() => parseRepoId('alice'), /namespace\/name/);
  assert.deepEqual(parseRepoId('alice/net'), { namespace: 'alice', name: 'net' });
});
