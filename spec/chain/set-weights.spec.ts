// submitWeights end to end against the stand-in: direct set_weights with the
// rate limit checked before signing, and commit-reveal with the reveal done
// by a fresh client and store (as after a restart) in the reveal epoch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSubtensor } from '../helpers/fake-subtensor/server.js';
import { keyfileJson, seedHex } from '../helpers/fake-subtensor/test-wallets.js';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { hotkeyFromKeyfile, type Hotkey } from '../../lib/chain/wallet.js';
import { epochOf, type ChainClient } from '../../lib/chain/client.js';
import { revealDue, submitWeights } from '../../lib/chain/set-weights.js';
import { RevealStore } from '../../lib/chain/weights-commit.js';
import { isNaschainError } from '../../lib/core/errors.js';
import { memoryLogger } from '../../lib/core/log.js';

const PLAIN = 31;
const CR = 5;
const TEMPO = 9;
let node: FakeSubtensor;
let plain: ChainClient;
let vali: Hotkey;
let miner: Hotkey;

const connect = (netuid: number) => connectSubtensor({ network: 'custom', endpoint: node.url, netuid }, { timeoutMs: 20_000, inclusionTimeoutMs: 20_000 });
const tempStore = () => new RevealStore(join(mkdtempSync(join(tmpdir(), 'naschain-sw-')), 'pending-reveals.json'));

before(async () => {
  node = await FakeSubtensor.start({ metadata: 'devnet' });
  node.addSubnet(PLAIN, { weightsRateLimit: 20, weightsVersionKey: 1000n });
  node.addSubnet(CR, { tempo: TEMPO, weightsRateLimit: 2, commitRevealEnabled: true, revealPeriodEpochs: 1 });
  vali = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(11) }), 'spec');
  miner = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(12) }), 'spec');
  for (const n of [PLAIN, CR]) {
    node.register(n, miner.address);
    node.register(n, vali.address, { validatorPermit: true });
  }
  plain = await connect(PLAIN);
});

after(async () => {
  await plain?.close();
  await node?.close();
});

test('without commit-reveal: set_weights, then a clear rate-limit error before anything is signed', async () => {
  const store = tempStore();
  const out = await submitWeights(plain, vali, { uids: [0, 1], weights: [65535, 100], versionKey: 1000n }, { store });
  assert.equal(out.mode, 'set');
  assert.deepEqual(await plain.weightsOf(1), [[0, 65535], [1, 100]]);
  const sent = node.requested.get('author_submitAndWatchExtrinsic');
  await assert.rejects(submitWeights(plain, vali, { uids: [0, 1], weights: [1, 1], versionKey: 1000n }, { store }), (e: unknown) => {
    assert.ok(isNaschainError(e) && e.code === 'LIMIT');
    assert.match(e.message, new RegExp(`set_weights on subnet 31 is rate-limited: last update at block ${out.inclusion.blockNumber}, limit 20 blocks, allowed again from block ${out.inclusion.blockNumber + 20}`));
    return true;
  });
  assert.equal(node.requested.get('author_submitAndWatchExtrinsic'), sent, 'nothing was submitted');
  node.advance(20);
  assert.equal((await submitWeights(plain, vali, { uids: [0, 1], weights: [1, 1], versionKey: 1000n }, { store })).mode, 'set');
  assert.deepEqual(await plain.weightsOf(1), [[0, 65535], [1, 65535]]);
});

test('an old version key and an unregistered hotkey are refused before signing', async () => {
  const store = tempStore();
  await assert.rejects(submitWeights(plain, vali, { uids: [0], weights: [1], versionKey: 999n }, { store }), /version key 999 is below the subnet's 1000/);
  const stranger = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(13) }), 'spec');
  await assert.rejects(submitWeights(plain, stranger, { uids: [0], weights: [1], versionKey: 1000n }, { store }), /is not registered on subnet 31/);
});

test('with commit-reveal: commit now, reveal in the reveal epoch after a restart', async () => {
  const store = tempStore();
  const first = await connect(CR);
  const out = await submitWeights(first, vali, { uids: [0, 1], weights: [30000, 60000], versionKey: 0n }, { store });
  assert.equal(out.mode, 'committed');
  const pending = store.list();
  assert.equal(pending.length, 1);
  assert.deepEqual((await first.weightCommits(vali.address)).map((c) => [c.hash, c.commitBlock]), [[pending[0]!.commitHash, out.inclusion.blockNumber]]);
  assert.deepEqual(await revealDue(first, vali, store), [], 'too early to reveal');
  assert.deepEqual(await first.weightsOf(1), []);
  await first.close();

  // Restart: a new connection and a new store object on the same file.
  const second = await connect(CR);
  const reopened = new RevealStore(store.file);
  if (out.mode !== 'committed') throw new Error('unreachable');
  while (epochOf(node.chain.best.number + 1, CR, TEMPO) < out.revealEpoch) node.advance(1);
  const revealed = await revealDue(second, vali, reopened);
  assert.equal(revealed.length, 1);
  assert.deepEqual(await second.weightsOf(1), [[0, 32768], [1, 65535]]);
  assert.deepEqual(reopened.list(), []);
  assert.deepEqual(await second.weightCommits(vali.address), []);
  await second.close();
});

test('a commit whose reveal epoch has passed is dropped with a warning', async () => {
  const store = tempStore();
  const c = await connect(CR);
  node.advance(3);
  const out = await submitWeights(c, vali, { uids: [1], weights: [5], versionKey: 0n }, { store });
  if (out.mode !== 'committed') throw new Error('expected a commit');
  while (epochOf(node.chain.best.number + 1, CR, TEMPO) <= out.revealEpoch) node.advance(1);
  const log = memoryLogger();
  assert.deepEqual(await revealDue(c, vali, store, log), []);
  assert.deepEqual(store.list(), []);
  assert.match(log.lines.join('\n'), /expired unrevealed/);
  await c.close();
});
