// The real @polkadot/api client against the stand-in node (real metadata,
// signature checks, pallet errors as System.ExtrinsicFailed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyringPair } from '@polkadot/keyring/types';
import { FakeSubtensor } from '../helpers/fake-subtensor/server.js';
import { DEV_PHRASE, keyfileJson, seedHex } from '../helpers/fake-subtensor/test-wallets.js';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { hotkeyFromKeyfile, type Hotkey } from '../../lib/chain/wallet.js';
import { publishCommitment } from '../../lib/chain/publish-commitment.js';
import type { ChainClient } from '../../lib/chain/client.js';
import { isNaschainError } from '../../lib/core/errors.js';

const NETUID = 31;
let node: FakeSubtensor;
let client: ChainClient;
let miner: Hotkey;
let validator: Hotkey;
let stranger: Hotkey;

const hotkey = async (secret: { phrase?: string; seed?: string }) => hotkeyFromKeyfile(await keyfileJson(secret), 'spec');
const fails = (code: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(isNaschainError(e), String(e));
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  return true;
};

before(async () => {
  node = await FakeSubtensor.start();
  node.addSubnet(NETUID, { tempo: 99, weightsRateLimit: 50, minAllowedWeights: 1, weightsVersionKey: 2000n });
  miner = await hotkey({ phrase: DEV_PHRASE });
  validator = await hotkey({ seed: seedHex(2) });
  stranger = await hotkey({ seed: seedHex(3) });
  node.register(NETUID, miner.address);
  node.register(NETUID, validator.address, { validatorPermit: true });
  client = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: NETUID }, { timeoutMs: 20_000, inclusionTimeoutMs: 20_000 });
});

after(async () => {
  await client?.close();
  await node?.close();
});

test('reads subnet size, hyperparameters and the uid <-> hotkey map', async () => {
  const s = await client.subnet();
  assert.equal(s.exists, true);
  assert.equal(s.size, 2);
  assert.deepEqual(s.hyperparams, { tempo: 99, weightsRateLimit: 50, commitRevealEnabled: false, revealPeriodEpochs: 1, minAllowedWeights: 1, maxWeightsLimit: 65535, weightsVersionKey: 2000n });
  assert.deepEqual((await client.neurons()).map((n) => [n.uid, n.hotkey, n.validatorPermit]), [[0, miner.address, false], [1, validator.address, true]]);
  assert.equal(await client.uidOf(validator.address), 1);
  assert.equal(await client.uidOf(stranger.address), null);
});

test('a commitment is written with the hotkey and read back with its block', async () => {
  const text = 'alice:tiny-net:0123456789abcdef0123456789abcdef01234567:5f2a9c:0.025';
  const inc = await publishCommitment(client, miner, text);
  assert.equal(inc.variant, `Raw${text.length}`);
  const rec = await client.commitmentOf(miner.address);
  assert.deepEqual(rec, { hotkey: miner.address, block: inc.blockNumber, text, variant: `Raw${text.length}` });
  assert.equal(inc.blockNumber, (await client.blockNumber()));
  const all = await client.commitments();
  assert.deepEqual(all.map((r) => [r.hotkey, r.block, r.text]), [[miner.address, inc.blockNumber, text]]);
});

test('a commitment above 128 bytes goes out as BigRaw and reads back intact', async () => {
  const text = `bob:${'n'.repeat(150)}:None:None:None`;
  const inc = await client.setCommitment(validator, text);
  const rec = await client.commitmentOf(validator.address);
  assert.deepEqual(rec, { hotkey: validator.address, block: inc.blockNumber, text, variant: 'BigRaw' });
  assert.equal((await client.commitments()).length, 2);
});

test('an unregistered hotkey: refused before signing, and by the chain when sent anyway', async () => {
  await assert.rejects(publishCommitment(client, stranger, 'a:b:None:None:None'), fails('AUTH', /not registered on subnet 31/));
  await assert.rejects(client.setCommitment(stranger, 'a:b:None:None:None'), fails('INVALID', /failed on chain .*Commitments\.AccountNotAllowedCommit/));
  await assert.rejects(client.setWeights(stranger, [0], [1], 2000n), fails('INVALID', /SubtensorModule\.HotKeyNotRegisteredInSubNet/));
});

test('set_weights is stored as the chain stores it (max-upscaled to u16), then rate-limited', async () => {
  const inc = await client.setWeights(validator, [0, 1], [1, 2], 2000n);
  assert.deepEqual(await client.weightsOf(1), [[0, 32768], [1, 65535]]);
  const me = (await client.neurons()).find((n) => n.uid === 1);
  assert.equal(me?.lastUpdate, inc.blockNumber);
  await assert.rejects(client.setWeights(validator, [0, 1], [3, 1], 2000n), fails('INVALID', /SubtensorModule\.SettingWeightsTooFast/));
  assert.deepEqual(await client.weightsOf(1), [[0, 32768], [1, 65535]], 'a failed extrinsic leaves storage as it was');
});

test('an outdated version key is the chain error IncorrectWeightVersionKey', async () => {
  await assert.rejects(client.setWeights(miner, [0], [1], 1999n), fails('INVALID', /IncorrectWeightVersionKey/));
});

test('a wrong signature is rejected by the node with a clear error', async () => {
  const pair = validator.pair;
  const forged = Object.assign(Object.create(pair) as KeyringPair, {
    sign: (m: Uint8Array, o?: { withType?: boolean }) => {
      const s = pair.sign(m, o);
      s[s.length - 1]! ^= 0xff;
      return s;
    },
  });
  await assert.rejects(client.setCommitment({ address: validator.address, pair: forged }, 'x:y:None:None:None'), fails('AUTH', /rejected by the node: .*bad signature/));
});

test('the client survives a dropped socket', async () => {
  const before = await client.blockNumber();
  node.dropConnections();
  node.advance(1);
  assert.equal(await client.blockNumber(), before + 1);
});

test('the stand-in answered every RPC the client asked for', () => {
  assert.deepEqual([...node.unknown], []);
  for (const m of ['state_getRuntimeVersion', 'author_submitAndWatchExtrinsic', 'state_getKeysPaged', 'chain_getBlock']) assert.ok(node.requested.has(m), m);
});

test('an unreachable endpoint is a NETWORK error naming it', async () => {
  await assert.rejects(connectSubtensor({ network: 'custom', endpoint: 'ws://127.0.0.1:9', netuid: 1 }, { timeoutMs: 5_000 }), fails('NETWORK', /ws:\/\/127\.0\.0\.1:9/));
});
