// The chain + Hugging Face source against the stand-in node and Hub (real
// @polkadot/api and @huggingface/hub clients): every UID becomes an entry
// keyed by (uid, commit, hash) or a refusal with its reason; fetchModel
// downloads the pinned commit, checks size and hash, and tells a failure that
// may pass (network, 5xx, private repo) from one that will not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub } from '../../helpers/fake-hub/fake-hub-server.js';
import { FakeSubtensor } from '../../helpers/fake-subtensor/server.js';
import { keyfileJson, seedHex } from '../../helpers/fake-subtensor/test-wallets.js';
import { connectSubtensor } from '../../../lib/chain/subtensor-client.js';
import type { ChainClient } from '../../../lib/chain/client.js';
import { hotkeyFromKeyfile, type Hotkey } from '../../../lib/chain/wallet.js';
import { HfModelStore } from '../../../lib/hub/hf-model-store.js';
import { hashModelDir } from '../../../lib/hub/model-hash.js';
import { memoryLogger } from '../../../lib/core/log.js';
import { ChainSource } from '../../../lib/validator/round/chain-source.js';
import { TRANSIENT_REASONS } from '../../../lib/validator/reject-reasons.js';
import type { AcceptedSubmission, SourcedSubmission } from '../../../lib/validator/round/submission-source.js';
import { SUBMISSIONS } from './helpers/fixture-round.js';

const NETUID = 7;
const MODEL = join(SUBMISSIONS, 'honest-small');
const files = { 'model.json': readFileSync(join(MODEL, 'model.json')), 'group1-shard1of1.bin': readFileSync(join(MODEL, 'group1-shard1of1.bin')) };
const tmp = mkdtempSync(join(tmpdir(), 'naschain-chain-source-'));
let hub: FakeHub;
let node: FakeSubtensor;
let client: ChainClient;
let hash: string;
const keys: Hotkey[] = [];

before(async () => {
  hub = new FakeHub();
  await hub.start();
  node = await FakeSubtensor.start();
  node.addSubnet(NETUID);
  client = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: NETUID }, { timeoutMs: 20_000 });
  for (let i = 0; i < 8; i++) {
    const k = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(40 + i) }), 'spec');
    assert.equal(node.register(NETUID, k.address), i);
    keys.push(k);
  }
  // The hash covers every model file of the folder, so hash exactly what the repos hold.
  const dir = join(tmp, 'model');
  mkdirSync(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  hash = await hashModelDir(dir);
  const good = hub.seed('bob/good', 'bob', files);
  const priv = hub.seed('bob/private', 'bob', files, true);
  const big = hub.seed('bob/big', 'bob', { ...files, 'extra.bin': Buffer.alloc(30_000) });
  const flaky = hub.seed('bob/flaky', 'bob', files);
  const commitments: Array<string | null> = [
    null, // uid 0: none
    `bob:good:${good}:${hash}:0.05`,
    'not a commitment',
    `bob:good:None:${hash}:None`,
    `bob:good:${good}:AAAAwronghash=:None`,
    `bob:private:${priv}:${hash}:None`,
    `bob:big:${big}:${hash}:None`,
    `bob:flaky:${flaky}:${hash}:None`,
  ];
  for (const [i, text] of commitments.entries()) if (text !== null) await client.setCommitment(keys[i]!, text);
});

after(async () => {
  await client?.close();
  await node?.close();
  await hub?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function source(): ChainSource {
  const models = new HfModelStore({ cacheDir: join(tmp, 'cache'), maxDownloadBytes: 20_000, hubUrl: hub.url, token: null, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, jitterMs: 0 } });
  return new ChainSource({ chain: client, models, maxDownloadBytes: 20_000, log: memoryLogger() });
}

const accepted = (entries: SourcedSubmission[], uid: number): AcceptedSubmission => {
  const e = entries.find((x) => x.ok && x.submission.uid === uid);
  assert.ok(e && e.ok, `uid ${uid} is accepted`);
  return e;
};

test('list: one entry per UID; no commitment, an unparsable one or one pinning nothing are refused with a reason', async () => {
  const entries = await source().list();
  assert.deepEqual(entries.map((e) => e.name), ['uid-0', 'uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5', 'uid-6', 'uid-7']);
  const refused = Object.fromEntries(entries.filter((e) => !e.ok).map((e) => [e.name, !e.ok ? e.reason : '']));
  assert.deepEqual(refused, { 'uid-0': 'no-commitment', 'uid-2': 'bad-commitment', 'uid-3': 'bad-commitment' });
  const e1 = accepted(entries, 1);
  const good = hub.tip('bob/good');
  assert.deepEqual(e1.key, { uid: 1, commit: good, hash });
  assert.equal(e1.submission.repo, 'bob/good');
  assert.equal(e1.submission.learningRate, 0.05);
  assert.equal(e1.submission.hotkey, keys[1]!.address);
  // The stand-in seals one extrinsic per block, so the commitment is extrinsic 0 of its block.
  const rec = await client.commitmentOf(keys[1]!.address);
  assert.equal(e1.submission.block, rec?.block);
  assert.equal(e1.submission.extrinsicIndex, 0);
  assert.equal(await client.commitmentExtrinsicIndex(keys[1]!.address, rec!.block - 1), null, 'the block before holds none');
});

test('fetchModel: the pinned files with a matching hash; wrong hash, oversized repo are remembered rejections; private repo and 5xx are transient', async () => {
  const src = source();
  const entries = await src.list();
  const ok = await src.fetchModel(accepted(entries, 1));
  assert.ok(ok.ok, ok.ok ? '' : `${ok.reason}: ${ok.message}`);
  assert.equal(await hashModelDir(ok.dir), hash);

  const reasons: Record<number, string> = {};
  hub.faults.push({ path: /bob\/flaky/, status: 503, times: 20 });
  for (const uid of [4, 5, 6, 7]) {
    const r = await src.fetchModel(accepted(entries, uid));
    assert.ok(!r.ok, `uid ${uid} is rejected`);
    reasons[uid] = r.reason;
    assert.match(r.message, new RegExp(`uid ${uid}: bob/`));
  }
  assert.deepEqual(reasons, { 4: 'hash-mismatch', 5: 'fetch-failed', 6: 'download-limit', 7: 'fetch-failed' });
  assert.ok(TRANSIENT_REASONS.includes('fetch-failed') && !TRANSIENT_REASONS.includes('hash-mismatch') && !TRANSIENT_REASONS.includes('download-limit'));
  assert.ok(!hub.requests.some((r) => r.path.includes('extra.bin')), 'the oversized repo is never downloaded');
  assert.equal(src.timings.downloads, 5);
});
