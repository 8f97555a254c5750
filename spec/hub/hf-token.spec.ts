import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskToken } from '../../lib/hub/hub-errors.js';
import { tokenFromEnv } from '../../lib/hub/hf-token.js';

test('the token comes from HF_TOKEN, else HF_ACCESS_TOKEN; blank is unset', () => {
  assert.equal(tokenFromEnv({ HF_TOKEN: 'hf_a', HF_ACCESS_TOKEN: 'hf_b' }), 'hf_a');
  assert.equal(tokenFromEnv({ HF_TOKEN: ' ', HF_ACCESS_TOKEN: 'hf_b' }), 'hf_b');
  assert.equal(tokenFromEnv({}), undefined);
});

test('masking removes the given token and anything shaped like one', () => {
  assert.equal(maskToken('Bearer secret-ish and hf_AbCdEf123456 here', 'secret-ish'), 'Bearer hf_*** and hf_*** here');
});

test('URLs in messages lose their query string (presigned signatures), not the text after them', () => {
  assert.equal(maskToken('GET https://cdn.example/x.bin?X-Amz-Signature=abc&e=1: connection failed'), 'GET https://cdn.example/x.bin?…: connection failed');
  assert.equal(maskToken('see "https://h.co/a?b=c", then'), 'see "https://h.co/a?…", then');
  assert.equal(maskToken('GET https://h.co/a?…: already redacted'), 'GET https://h.co/a?…: already redacted');
});
