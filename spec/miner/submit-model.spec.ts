// naschain submit, end to end: a real tiny tfjs model goes through the real
// @huggingface/hub client to the stand-in Hub and the real @polkadot/api client
// to the stand-in subtensor node; the commitment on chain names exactly the
// commit and hash a validator will download and recompute.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { FakeHub } from '../helpers/fake-hub/fake-hub-server.js';
import { FakeSubtensor } from '../helpers/fake-subtensor/server.js';
import { DEV_PHRASE, keyfileJson, seedHex, tempWalletRoot, writeKeyfile } from '../helpers/fake-subtensor/test-wallets.js';
import { repoRoot } from '../helpers/cli.js';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { hotkeyFromKeyfile } from '../../lib/chain/wallet.js';
import { parseCommitment } from '../../lib/chain/commitment-string.js';
import { HfModelStore } from '../../lib/hub/hf-model-store.js';
import { hashModelDir } from '../../lib/hub/model-hash.js';
import { memoryLogger } from '../../lib/core/log.js';
import { submitModel, SUBMIT_STATE_FILE } from '../../lib/miner/submit-model.js';

const TOKEN = 'hf_spec_token_alice';
let hub: FakeHub;
let node: FakeSubtensor;
let modelDir: string;
let wallets: string;
const tmp = mkdtempSync(join(tmpdir(), 'naschain-submit-'));

/** A tiny valid fashion-mnist-shaped classifier saved as a tfjs folder. */
async function writeTinyModel(dir: string, seed: number): Promise<void> {
  await tf.setBackend('cpu');
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 2, kernelSize: 3, strides: 2, useBias: false, kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  await m.save(tf.io.withSaveHandler(async (a) => {
    const data = new Uint8Array(a.weightData as ArrayBuffer);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] }));
    writeFileSync(join(dir, 'group1-shard1of1.bin'), data);
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  m.dispose();
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [resolve(repoRoot, 'dist/bin/naschain.js'), ...args], { env: { ...process.env, HF_TOKEN: '', HF_ACCESS_TOKEN: '', ...env }, cwd: repoRoot });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => ok({ code: code ?? -1, stdout, stderr }));
  });
}

before(async () => {
  hub = new FakeHub();
  await hub.start();
  hub.addUser('alice', TOKEN);
  node = await FakeSubtensor.start();
  node.addSubnet(31, { tempo: 360, weightsRateLimit: 100 });
  const miner = await hotkeyFromKeyfile(await keyfileJson({ phrase: DEV_PHRASE }), 'spec');
  node.register(31, miner.address);
  wallets = writeKeyfile(tempWalletRoot(), 'miner', 'hk', await keyfileJson({ phrase: DEV_PHRASE }));
  modelDir = join(tmp, 'model');
  (await import('node:fs')).mkdirSync(modelDir);
  await writeTinyModel(modelDir, 7);
});

after(async () => {
  await node?.close();
  await hub?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('submitModel: private upload, hash of the downloaded files on chain, then public; a rerun resumes', async () => {
  const client = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: 31 }, { timeoutMs: 20_000 });
  try {
    const hotkey = await hotkeyFromKeyfile(await keyfileJson({ phrase: DEV_PHRASE }), 'spec');
    const store = new HfModelStore({ cacheDir: join(tmp, 'cache'), maxDownloadBytes: 5_767_168, hubUrl: hub.url, token: TOKEN });
    let privateDuringWait: boolean | undefined;
    const log = memoryLogger();
    const out = await submitModel(
      { dir: modelDir, repo: { namespace: 'alice', name: 'tiny' }, learningRate: 0.05, publicDelayMs: 60_000 },
      { store, client, hotkey, log, sleep: async () => { privateDuringWait = hub.repos.get('alice/tiny')?.private; } },
    );
    assert.equal(privateDuringWait, true, 'the repo stays private until after the commitment');
    assert.equal(hub.repos.get('alice/tiny')?.private, false);
    assert.equal(out.commit, hub.tip('alice/tiny'));
    assert.equal(out.hash, await hashModelDir(modelDir));
    const onChain = await client.commitmentOf(hotkey.address);
    assert.ok(onChain);
    assert.equal(onChain.block, out.block);
    const parsed = parseCommitment(onChain.text ?? '');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, { namespace: 'alice', name: 'tiny', commit: out.commit, hash: out.hash, learningRate: 0.05 });
    assert.ok(!log.lines.join('\n').includes(TOKEN), 'the token is never logged');

    // A second run finds every step done: no new commit on the Hub, no new extrinsic.
    const commitsBefore = hub.requests.filter((r) => r.method === 'POST' && r.path.includes('/commit/')).length;
    const again = await submitModel({ dir: modelDir, repo: { namespace: 'alice', name: 'tiny' }, learningRate: 0.05, publicDelayMs: 0 }, { store, client, hotkey, log });
    assert.deepEqual(again.resumed, ['upload', 'commit', 'public']);
    assert.equal(again.block, out.block);
    assert.equal(hub.requests.filter((r) => r.method === 'POST' && r.path.includes('/commit/')).length, commitsBefore);
    assert.ok(existsSync(join(modelDir, SUBMIT_STATE_FILE)));
    assert.equal(JSON.parse(readFileSync(join(modelDir, SUBMIT_STATE_FILE), 'utf8')).kind, 'naschain/submit-state');
  } finally {
    await client.close();
  }
});

test('naschain submit CLI: commits through the stand-ins; bad input is a one-line error', async () => {
  const dir = join(tmp, 'model2');
  (await import('node:fs')).mkdirSync(dir);
  await writeTinyModel(dir, 11);
  const cfg = join(tmp, 'vali.json');
  writeFileSync(cfg, JSON.stringify({ dataset: 'fashion-mnist-small' }));
  const common = ['--config', cfg, '--public-delay', '0', '--hf-endpoint', hub.url, '--cache-dir', join(tmp, 'cache2'),
    '--subtensor.chain_endpoint', node.url, '--netuid', '31', '--wallet.path', wallets, '--wallet.name', 'miner', '--wallet.hotkey', 'hk'];
  const ok = await cli(['submit', dir, '--repo', 'alice/tiny2', '--json', ...common], { HF_TOKEN: TOKEN });
  assert.equal(ok.code, 0, ok.stderr);
  const doc = JSON.parse(ok.stdout) as { repo: string; commit: string; hash: string; commitment: string };
  assert.equal(doc.repo, 'alice/tiny2');
  assert.equal(doc.commitment, `alice:tiny2:${doc.commit}:${doc.hash}:None`);
  assert.ok(!(ok.stdout + ok.stderr).includes(TOKEN));

  const badRepo = await cli(['submit', dir, '--repo', 'no-slash', ...common], { HF_TOKEN: TOKEN });
  assert.equal(badRepo.code, 2);
  assert.match(badRepo.stderr, /--repo/);
  const missing = await cli(['submit', join(tmp, 'nope'), '--repo', 'alice/x', ...common], { HF_TOKEN: TOKEN });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does not exist/);
  // A model the validator would reject (wrong class count for the dataset) never leaves the machine.
  const wrong = join(tmp, 'wrong');
  (await import('node:fs')).mkdirSync(wrong);
  await writeTinyModel(wrong, 3);
  const cfg100 = join(tmp, 'vali100.json');
  writeFileSync(cfg100, JSON.stringify({ dataset: 'cifar100' }));
  const rejected = await cli(['submit', wrong, '--repo', 'alice/wrong', ...common, '--config', cfg100], { HF_TOKEN: TOKEN });
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /validators would reject it \(input-shape\)/);
  assert.equal(hub.repos.has('alice/wrong'), false);
  assert.doesNotMatch(rejected.stderr, /\n\s+at /);
});
