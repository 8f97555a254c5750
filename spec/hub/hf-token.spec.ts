import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskToken } from '../../lib/hub/hub-errors.js';
import { findHfToken, hfTokenPath, tokenFromEnv } from '../../lib/hub/hf-token.js';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

test('the token comes from HF_TOKEN, else HF_ACCESS_TOKEN; blank is unset', () => {
  assert.equal(tokenFromEnv({ HF_TOKEN: 'hf_a', HF_ACCESS_TOKEN: 'hf_b' }), 'hf_a');
  assert.equal(tokenFromEnv({ HF_TOKEN: ' ', HF_ACCESS_TOKEN: 'hf_b' }), 'hf_b');
  assert.equal(tokenFromEnv({}), undefined);
  assert.equal(tokenFromEnv({ HUGGING_FACE_HUB_TOKEN: 'hf_old', HF_ACCESS_TOKEN: 'hf_b' }), 'hf_old');
});

test("the token file is where huggingface_hub's get_token reads it: HF_TOKEN_PATH, else HF_HOME/token, else XDG_CACHE_HOME/huggingface/token, else ~/.cache/huggingface/token", () => {
  assert.equal(hfTokenPath({}, '/home/m'), '/home/m/.cache/huggingface/token');
  assert.equal(hfTokenPath({ XDG_CACHE_HOME: '/xdg' }, '/home/m'), '/xdg/huggingface/token');
  assert.equal(hfTokenPath({ HF_HOME: '~/hf', XDG_CACHE_HOME: '/xdg' }, '/home/m'), '/home/m/hf/token');
  assert.equal(hfTokenPath({ HF_TOKEN_PATH: '/etc/tok', HF_HOME: '/hf' }, '/home/m'), '/etc/tok');
});

test('order: the variables first (HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_ACCESS_TOKEN), then the token file `huggingface-cli login` wrote; line breaks and blanks cleaned', () => {
  const home = mkdtempSync(join(tmpdir(), 'hf-home-'));
  try {
    assert.equal(findHfToken({}, home), undefined, 'no variable, no file');
    mkdirSync(join(home, '.cache', 'huggingface'), { recursive: true });
    writeFileSync(join(home, '.cache', 'huggingface', 'token'), 'hf_from_file\r\n');
    assert.deepEqual(findHfToken({}, home), { token: 'hf_from_file', source: join(home, '.cache', 'huggingface', 'token') });
    assert.deepEqual(findHfToken({ HF_ACCESS_TOKEN: 'hf_access' }, home), { token: 'hf_access', source: 'HF_ACCESS_TOKEN' });
    assert.deepEqual(findHfToken({ HF_TOKEN: 'hf_env', HF_ACCESS_TOKEN: 'hf_access' }, home), { token: 'hf_env', source: 'HF_TOKEN' });
    assert.equal(findHfToken({ HF_TOKEN: '  ' }, home)?.token, 'hf_from_file', 'a blank variable counts as unset');
    writeFileSync(join(home, 'other'), '\n  \n');
    assert.equal(findHfToken({ HF_TOKEN_PATH: join(home, 'other') }, home), undefined, 'an empty file is no token');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a token file that exists but cannot be read is an error naming the file and the cause, never a silent "no token" (run as nobody)', (t) => {
  if (spawnSync('setpriv', ['--version']).status !== 0 || process.getuid?.() !== 0) return t.skip('needs root and setpriv to read as another user');
  const home = mkdtempSync(join(tmpdir(), 'hf-home-'));
  try {
    chmodSync(home, 0o755);
    const file = join(home, 'token');
    writeFileSync(file, 'hf_secret_value');
    chmodSync(file, 0o600);
    const code = `import(${JSON.stringify(new URL('../../lib/hub/hf-token.js', import.meta.url).href)}).then((m) => { try { m.findHfToken({ HF_TOKEN_PATH: ${JSON.stringify(file)} }); console.log('no error'); } catch (e) { console.log(e.message); } })`;
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', code], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), `Hugging Face token file ${file}: cannot read it (permission denied)`, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /hf_secret_value/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('masking removes the given token and anything shaped like one', () => {
  assert.equal(maskToken('Bearer secret-ish and hf_AbCdEf123456 here', 'secret-ish'), 'Bearer hf_*** and hf_*** here');
});

test('URLs in messages lose their query string (presigned signatures), not the text after them', () => {
  assert.equal(maskToken('GET https://cdn.example/x.bin?X-Amz-Signature=abc&e=1: connection failed'), 'GET https://cdn.example/x.bin?…: connection failed');
  assert.equal(maskToken('see "https://h.co/a?b=c", then'), 'see "https://h.co/a?…", then');
  assert.equal(maskToken('GET https://h.co/a?…: already redacted'), 'GET https://h.co/a?…: already redacted');
});
