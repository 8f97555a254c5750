// The real @polkadot/api client (SubtensorClient) against the stand-in node
// with faults switched on: the socket dropped right after a submit (the
// extrinsic landed, or was lost), pool statuses Invalid / Usurped / Dropped,
// a node answering with huge or null values or not at all, and a weights commit whose
// answer is lost but whose salt was saved before sending.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
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

const NETUID = 31;
const CR = 5;
const TEMPO = 9;
let node: FakeSubtensor;
let client: ChainClient;
let miner: Hotkey;
let vali: Hotkey;

const fails = (code: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(isNaschainError(e), String(e));
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  assert.doesNotMatch(e.message, /rejected by the node/, 'a lost or pool answer is not a rejection');
  return true;
};
const count = (m: string) => node.requested.get(m) ?? 0;
const connect = (netuid: number) => connectSubtensor({ network: 'custom', endpoint: node.url, netuid }, { timeoutMs: 15_000, inclusionTimeoutMs: 15_000 });

before(async () => {
  node = await FakeSubtensor.start({ metadata: 'devnet' });
  node.addSubnet(NETUID, { weightsRateLimit: 0 });
  node.addSubnet(CR, { tempo: TEMPO, weightsRateLimit: 0, commitRevealEnabled: true, revealPeriodEpochs: 1 });
  miner = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(21) }), 'spec');
  vali = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(22) }), 'spec');
  for (const n of [NETUID, CR]) {
    node.register(n, miner.address);
    node.register(n, vali.address, { validatorPermit: true });
  }
  client = await connect(NETUID);
});

after(async () => {
  await client?.close();
  await node?.close();
});

test('socket dropped after set_commitment was sent, and it landed: found in its block, not sent again', async () => {
  const nonce = node.chain.nextNonce(miner.address);
  const resends = count('author_submitExtrinsic');
  node.faults.dropAfterSubmit = { lands: true };
  const inc = await client.setCommitment(miner, 'a:landed:None:None:None');
  const rec = await client.commitmentOf(miner.address);
  assert.equal(rec?.text, 'a:landed:None:None:None');
  assert.equal(rec?.block, inc.blockNumber);
  assert.equal(node.chain.nextNonce(miner.address), nonce + 1, 'applied once');
  assert.equal(count('author_submitExtrinsic'), resends, 'not resent');
});

test('socket dropped after set_commitment was sent, and it was lost: the same signed bytes go once more and land once', async () => {
  const nonce = node.chain.nextNonce(miner.address);
  const resends = count('author_submitExtrinsic');
  node.faults.dropAfterSubmit = { lands: false };
  const inc = await client.setCommitment(miner, 'a:lost-then-resent:None:None:None');
  assert.equal((await client.commitmentOf(miner.address))?.block, inc.blockNumber);
  assert.equal(node.chain.nextNonce(miner.address), nonce + 1, 'one extrinsic with one nonce');
  assert.equal(count('author_submitExtrinsic'), resends + 1);
});

test('socket dropped after set_weights was sent: settled from the chain (landed) or resent (lost), weights stored once', async () => {
  for (const lands of [true, false]) {
    const nonce = node.chain.nextNonce(vali.address);
    node.faults.dropAfterSubmit = { lands };
    const inc = await client.setWeights(vali, [0, 1], [lands ? 1 : 3, 2], 0n);
    assert.deepEqual(await client.weightsOf(1), lands ? [[0, 32768], [1, 65535]] : [[0, 65535], [1, 43690]]);
    assert.equal((await client.neurons()).find((x) => x.uid === 1)?.lastUpdate, inc.blockNumber);
    assert.equal(node.chain.nextNonce(vali.address), nonce + 1);
  }
});

test('pool status Invalid or Usurped is a clear "not included", nothing written; Dropped is settled from the chain', async () => {
  for (const status of ['invalid', 'usurped'] as const) {
    const nonce = node.chain.nextNonce(miner.address);
    node.faults.poolStatus = status;
    await assert.rejects(client.setCommitment(miner, `a:${status}:None:None:None`), fails('INVALID', new RegExp(`not included: the node's transaction pool reports it ${status === 'invalid' ? 'Invalid' : 'Usurped'}; nothing was written`)));
    assert.notEqual((await client.commitmentOf(miner.address))?.text, `a:${status}:None:None:None`);
    assert.equal(node.chain.nextNonce(miner.address), nonce);
  }
  node.faults.poolStatus = 'dropped';
  await client.setCommitment(miner, 'a:dropped:None:None:None');
  assert.equal((await client.commitmentOf(miner.address))?.text, 'a:dropped:None:None:None');
});

test('a node answering with a huge error or a null value does not crash the client nor get echoed in full', async () => {
  node.faults.rpc = { method: 'author_submitAndWatchExtrinsic', error: { code: 1010, message: 'Invalid Transaction', data: 'x'.repeat(200_000) } };
  await assert.rejects(client.setCommitment(miner, 'a:b:None:None:None'), (e: unknown) => {
    assert.ok(isNaschainError(e) && e.code === 'INVALID', String(e));
    assert.match(e.message, /rejected by the node: /);
    assert.ok(e.message.length < 400, `message of ${e.message.length} characters`);
    return true;
  });
  node.faults.rpc = { method: 'chain_getHeader', error: { code: -32000, message: `boom ${'y'.repeat(100_000)}` } };
  await assert.rejects(client.blockNumber(), (e: unknown) => isNaschainError(e) && e.code === 'NETWORK' && /reading the best header .* failed: -32000: boom y+… \(100013 characters\)$/.test(e.message));
  node.faults.rpc = { method: 'chain_getHeader', result: null };
  await assert.rejects(client.blockNumber(), (e: unknown) => isNaschainError(e) && e.code === 'NETWORK' && /the node answered null for the best header/.test(e.message));
  assert.ok(await client.blockNumber() > 0, 'the client still works');
});

test('a node that never answers a read: the call ends at the client\'s deadline with a NETWORK error naming it; later reads are answered', async () => {
  const quick = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: NETUID }, { timeoutMs: 1500 });
  try {
    node.faults.rpc = { method: 'chain_getHeader', hang: true };
    const t0 = Date.now();
    await assert.rejects(quick.blockNumber(), (e: unknown) => isNaschainError(e) && e.code === 'NETWORK' && /reading the best header from ws:\/\/127\.0\.0\.1:\d+.*(timed out after 1\.5 s|No response received)/.test(e.message));
    const waited = Date.now() - t0;
    assert.ok(waited >= 1400 && waited < 5000, `gave up after ${waited} ms`);
    // polkadot-js shares an identical call still in flight: reads join the hung one until its provider drops it (a 5 s sweep).
    let block = 0;
    for (let i = 0; i < 6 && block === 0; i++) block = await quick.blockNumber().catch(() => 0);
    assert.ok(block > 0, 'reads are answered again once the hung call is dropped');
  } finally {
    await quick.close();
  }
});

test('a weights commit whose answer is lost is still revealed: its salt was saved before sending', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'naschain-cf-')), 'pending-reveals.json');
  const store = new RevealStore(file);
  const cr = await connect(CR);
  try {
    // The socket drops before any answer and the commit lands.
    node.faults.dropAfterSubmit = { lands: true };
    const out = await submitWeights(cr, vali, { uids: [0, 1], weights: [10, 20], versionKey: 0n }, { store });
    if (out.mode !== 'committed') throw new Error('expected a commit');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { reveals: Array<{ salt: number[]; commitBlock: number }> };
    assert.equal(saved.reveals.length, 1);
    assert.equal(saved.reveals[0]?.salt.length, 8);
    assert.equal(saved.reveals[0]?.commitBlock, out.inclusion.blockNumber);
    while (epochOf(node.chain.best.number + 1, CR, TEMPO) < out.revealEpoch) node.advance(1);
    assert.equal((await revealDue(cr, vali, new RevealStore(file))).length, 1);
    assert.deepEqual(await cr.weightsOf(1), [[0, 32768], [1, 65535]]);
  } finally {
    await cr.close();
  }
});

test('a reveal entry saved before sending whose block is unknown is placed from the chain, and dropped once it can no longer land', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'naschain-cf-')), 'pending-reveals.json');
  const store = new RevealStore(file);
  const cr = await connect(CR);
  try {
    const sentBlock = node.chain.best.number;
    store.add({ netuid: CR, hotkey: vali.address, uids: [1], weights: [1], salt: [1, 2, 3, 4, 5, 6, 7, 8], versionKey: '0', commitHash: `0x${'ab'.repeat(32)}`, commitBlock: 0, sentBlock });
    assert.deepEqual(await revealDue(cr, vali, store), []);
    assert.equal(store.list().length, 1, 'kept while it could still land');
    node.advance(70);
    assert.deepEqual(await revealDue(cr, vali, store), []);
    assert.deepEqual(store.list(), [], 'dropped after its era');
  } finally {
    await cr.close();
  }
});

test('set_weights below the stake threshold is the chain error NotEnoughStakeToSetWeights, weights unchanged; with stake it lands', async () => {
  const before = await client.weightsOf(1);
  node.setStake({ threshold: 1000n, hotkey: vali.address, netuid: NETUID, amount: 999n });
  try {
    await assert.rejects(client.setWeights(vali, [0, 1], [7, 9], 0n), fails('INVALID', /failed on chain in block 0x[0-9a-f]+: SubtensorModule\.NotEnoughStakeToSetWeights/));
    assert.deepEqual(await client.weightsOf(1), before);
    node.setStake({ hotkey: vali.address, netuid: NETUID, amount: 1000n });
    await client.setWeights(vali, [0, 1], [7, 9], 0n);
    assert.deepEqual(await client.weightsOf(1), [[0, 50972], [1, 65535]]);
  } finally {
    node.setStake({ threshold: 0n });
  }
});
