import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitmentField, fieldText, spaceFor } from '../../lib/chain/commitment-data.js';
import { isNaschainError } from '../../lib/core/errors.js';

test('the Data variant follows the UTF-8 byte length: Raw0..Raw128, then BigRaw up to 512', () => {
  assert.equal(commitmentField('').variant, 'Raw0');
  assert.equal(commitmentField('a'.repeat(128)).variant, 'Raw128');
  assert.equal(commitmentField('a'.repeat(129)).variant, 'BigRaw');
  assert.equal(commitmentField('a'.repeat(512)).variant, 'BigRaw');
  // 'é' is two bytes: 64 of them are 128 bytes.
  assert.equal(commitmentField('é'.repeat(64)).variant, 'Raw128');
  assert.equal(commitmentField('é'.repeat(65)).variant, 'BigRaw');
});

test('over 512 bytes is refused as the chain would', () => {
  assert.throws(() => commitmentField('a'.repeat(513)), (e: unknown) => isNaschainError(e) && e.code === 'LIMIT' && /513 bytes .* limit of 512/.test(e.message));
});

test('a commitment always uses at least 100 bytes of the epoch space', () => {
  assert.equal(spaceFor(10), 100);
  assert.equal(spaceFor(300), 300);
});

test('fieldText reads Raw and BigRaw bytes and nothing else', () => {
  const bytes = new TextEncoder().encode('ns:name');
  assert.equal(fieldText({ type: 'Raw7', value: { toU8a: () => bytes } }), 'ns:name');
  assert.equal(fieldText({ type: 'BigRaw', value: { toU8a: (bare) => (bare ? bytes : new Uint8Array([28, ...bytes])) } }), 'ns:name');
  assert.equal(fieldText({ type: 'Sha256', value: { toU8a: () => new Uint8Array(32) } }), null);
});
