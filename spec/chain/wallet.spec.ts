import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { hotkeyFile, loadHotkey, resolveWalletLocation } from '../../lib/chain/wallet.js';
import { isNaschainError } from '../../lib/core/errors.js';
import { DEV_PHRASE, addressOf, keyfileJson, seedHex, tempWalletRoot, writeKeyfile } from '../helpers/fake-subtensor/test-wallets.js';

test('location: flags, then BT_WALLET_* env, then bittensor defaults', () => {
  assert.deepEqual(resolveWalletLocation({}, {}), { path: join(homedir(), '.bittensor/wallets'), name: 'default', hotkey: 'default' });
  assert.deepEqual(resolveWalletLocation({}, { BT_WALLET_PATH: '/w', BT_WALLET_NAME: 'v', BT_WALLET_HOTKEY: 'h' }), { path: '/w', name: 'v', hotkey: 'h' });
  assert.deepEqual(resolveWalletLocation({ path: '/f', name: 'n', hotkey: 'k' }, { BT_WALLET_PATH: '/w', BT_WALLET_NAME: 'v' }), { path: '/f', name: 'n', hotkey: 'k' });
  assert.equal(hotkeyFile({ path: '/f', name: 'n', hotkey: 'k' }), '/f/n/hotkeys/k');
});

test('a keyfile with secretPhrase yields the pair of its ss58Address', async () => {
  const root = writeKeyfile(tempWalletRoot(), 'w', 'h', await keyfileJson({ phrase: DEV_PHRASE }));
  const hk = await loadHotkey({ path: root, name: 'w', hotkey: 'h' });
  assert.equal(hk.address, await addressOf({ phrase: DEV_PHRASE }));
  const sig = hk.pair.sign(new Uint8Array([1, 2, 3]));
  assert.ok(hk.pair.verify(new Uint8Array([1, 2, 3]), sig, hk.pair.publicKey));
});

test('a keyfile with only secretSeed works, with or without 0x', async () => {
  const seed = seedHex(7);
  for (const s of [seed, seed.slice(2)]) {
    const root = writeKeyfile(tempWalletRoot(), 'w', 'h', await keyfileJson({ seed }).then((j) => j.replace(seed, s)));
    assert.equal((await loadHotkey({ path: root, name: 'w', hotkey: 'h' })).address, await addressOf({ seed }));
  }
});

const rejects = async (body: string, code: string, pattern: RegExp) => {
  const root = writeKeyfile(tempWalletRoot(), 'w', 'h', body);
  await assert.rejects(loadHotkey({ path: root, name: 'w', hotkey: 'h' }), (e: unknown) => {
    assert.ok(isNaschainError(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    assert.doesNotMatch(e.message, /bottom drive|0x0707/, 'the secret must never appear in a message');
    return true;
  });
};

test('a keyfile whose secret derives another address is refused', async () => {
  await rejects(await keyfileJson({ phrase: DEV_PHRASE }, await addressOf({ seed: seedHex(1) })), 'CORRUPT', /derives .* not the file's ss58Address/);
});

test('encrypted, public-only, missing and non-JSON keyfiles each get a clear error', async () => {
  await rejects('$NACL\x00\x01garbage', 'UNSUPPORTED', /is encrypted/);
  await rejects(JSON.stringify({ ss58Address: await addressOf({ seed: seedHex(7) }), privateKey: '0x' + '07'.repeat(64) }), 'CORRUPT', /neither secretPhrase nor secretSeed/);
  await rejects('{not json', 'CORRUPT', /is not JSON/);
  await rejects(JSON.stringify({ secretPhrase: 'not a real mnemonic at all', ss58Address: await addressOf({ seed: seedHex(7) }) }), 'CORRUPT', /not a valid BIP-39 mnemonic/);
  await assert.rejects(loadHotkey({ path: tempWalletRoot(), name: 'none', hotkey: 'x' }), /hotkey keyfile .*none\/hotkeys\/x not found/);
});
