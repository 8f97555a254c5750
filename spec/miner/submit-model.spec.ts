// naschain submit, end to end: a real tiny tfjs model goes through the real
// @huggingface/hub client to the stand-in Hub and the real @polkadot/api client
// to the stand-in subtensor node; the commitment on chain names exactly the
// commit and hash a validator will download and recompute.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
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

/** honest-small (79% on fashion-mnist-small) with the metrics.json search writes beside a front model. */
function frontModel(name: string): string {
  const dir = join(tmp, 'runs', 'front', name);
  mkdirSync(dir, { recursive: true });
  for (const f of ['model.json', 'group1-shard1of1.bin']) cpSync(resolve(repoRoot, 'spec/fixtures/submissions/honest-small', f), join(dir, f));
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ kind: 'naschain/model-metrics', version: 1, dataset: 'fashion-mnist-small', space: 'macro', accuracy: 79.15, accuracyFloored: 79, learningRate: 0.1, epochs: 3 }));
  return dir;
}

const FIXTURE_CONFIG = resolve(repoRoot, 'spec/fixtures/submissions-config.json');
const hubWrites = () => hub.requests.filter((r) => r.method !== 'GET').length;
const extrinsics = () => node.chain.blocks.reduce((n, b) => n + b.extrinsics.length, 0);
function common(wallet = 'miner'): string[] {
  return ['--config', FIXTURE_CONFIG, '--public-delay', '0', '--hf-endpoint', hub.url, '--cache-dir', join(tmp, 'cache2'), '--backend', 'wasm',
    '--subtensor.chain_endpoint', node.url, '--netuid', '31', '--wallet.path', wallets, '--wallet.name', wallet, '--wallet.hotkey', 'hk'];
}

test("naschain submit: a front model with search's metrics.json needs no --dataset or --lr; the commitment carries its lr", async () => {
  const dir = frontModel('01-submitme');
  const ok = await cli(['submit', dir, '--repo', 'alice/tiny2', '--json', ...common()], { HF_TOKEN: TOKEN });
  assert.equal(ok.code, 0, ok.stderr);
  const doc = JSON.parse(ok.stdout) as { repo: string; commit: string; hash: string; commitment: string; check: { metrics: { accuracyFloor: number } } };
  assert.equal(doc.repo, 'alice/tiny2');
  assert.equal(doc.commitment, `alice:tiny2:${doc.commit}:${doc.hash}:0.1`);
  assert.equal(doc.check.metrics.accuracyFloor, 79);
  assert.equal(hub.repos.get('alice/tiny2')?.private, false);
  assert.ok(!(ok.stdout + ok.stderr).includes(TOKEN));
});

test('naschain submit: an unregistered hotkey is refused before anything is uploaded', async () => {
  writeKeyfile(wallets, 'stranger', 'hk', await keyfileJson({ seed: seedHex(99) }));
  const dir = frontModel('02-stranger');
  const before = hubWrites();
  const r = await cli(['submit', dir, '--repo', 'alice/stranger', ...common('stranger')], { HF_TOKEN: TOKEN });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: hotkey \S+ is not registered on subnet 31; .*nothing was uploaded or committed$/m);
  assert.equal(hubWrites(), before, 'no create, upload or commit request reached the Hub');
  assert.equal(hub.repos.has('alice/stranger'), false);
  assert.equal(existsSync(join(dir, SUBMIT_STATE_FILE)), false);
});

test('naschain submit --dry-run: every check, the plan, and nothing written to the Hub or the chain', async () => {
  const dir = frontModel('03-dry');
  const [writes, xts] = [hubWrites(), extrinsics()];
  const r = await cli(['submit', dir, '--repo', 'alice/dry', '--dry-run', '--json', ...common()], { HF_TOKEN: TOKEN });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { dryRun: boolean; plan: { uid: number; hub: { name: string }; hash: string; commitment: string; steps: { step: string; done: boolean }[] } };
  assert.equal(doc.dryRun, true);
  assert.equal(doc.plan.hub.name, 'alice', 'the token was checked with the Hub');
  assert.equal(doc.plan.hash, await hashModelDir(dir));
  assert.equal(doc.plan.commitment, `alice:dry:<commit>:${doc.plan.hash}:0.1`);
  assert.deepEqual(doc.plan.steps.map((s) => [s.step, s.done]), [['upload', false], ['commit', false], ['public', false]]);
  assert.equal(hubWrites(), writes);
  assert.equal(hub.repos.has('alice/dry'), false);
  assert.equal(extrinsics(), xts, 'no extrinsic reached the chain');
  assert.equal(existsSync(join(dir, SUBMIT_STATE_FILE)), false);
  // On the folder submitted by the first CLI test: every step is already done, and the plan says so.
  const done = await cli(['submit', join(tmp, 'runs', 'front', '01-submitme'), '--repo', 'alice/tiny2', '--dry-run', '--json', ...common()], { HF_TOKEN: TOKEN });
  assert.equal(done.code, 0, done.stderr);
  const plan = (JSON.parse(done.stdout) as { plan: { commitment: string; steps: { done: boolean }[] } }).plan;
  assert.deepEqual(plan.steps.map((s) => s.done), [true, true, true]);
  assert.equal(plan.commitment, (await (async () => {
    const c = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: 31 }, { timeoutMs: 20_000 });
    try { return (await c.commitmentOf((await hotkeyFromKeyfile(await keyfileJson({ phrase: DEV_PHRASE }), 'spec')).address))?.text; } finally { await c.close(); }
  })()), 'the planned commitment is the one on chain');
  assert.equal(hubWrites(), writes);
  assert.equal(extrinsics(), xts);
  // A bad token fails the dry run as it would fail the real one.
  const bad = await cli(['submit', dir, '--repo', 'alice/dry', '--dry-run', ...common()], { HF_TOKEN: 'hf_wrong' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /the Hub rejected the token \(401\)/);
  assert.ok(!bad.stderr.includes('hf_wrong'));
});

test('naschain submit: below the minimum accuracy is refused unless --force; integrity failures never', async () => {
  const weak = join(tmp, 'weak');
  mkdirSync(weak);
  await writeTinyModel(weak, 11);
  const args = ['submit', weak, '--repo', 'alice/weak', '--dataset', 'fashion-mnist-small', '--lr', 'none', ...common()];
  const refused = await cli(args, { HF_TOKEN: TOKEN });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /accuracy \d+% is below minAccuracy 70%: validators would score it but never reward it; not submitted \(--force/);
  const forced = await cli([...args, '--force', '--dry-run', '--json'], { HF_TOKEN: TOKEN });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /--force: submitting although accuracy/);
  assert.match((JSON.parse(forced.stdout) as { plan: { commitment: string } }).plan.commitment, /:None$/);

  // A 28x28x1 model scored for cifar100: rejected by the checks (no data needed), --force or not.
  const cfg100 = join(tmp, 'vali100.json');
  writeFileSync(cfg100, JSON.stringify({ dataset: 'cifar100' }));
  const before = hubWrites();
  const rejected = await cli(['submit', weak, '--repo', 'alice/wrong', '--dataset', 'cifar100', '--lr', '0.1', '--force', ...common(), '--config', cfg100], { HF_TOKEN: TOKEN });
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /validators would reject it \(input-shape\)/);
  assert.doesNotMatch(rejected.stderr, /\n\s+at /);
  assert.equal(hubWrites(), before);
});

test('naschain submit: usage errors exit 2 before any network call', async () => {
  const dir = frontModel('04-usage');
  const before = hub.requests.length;
  const cases: [string[], RegExp][] = [
    [['--public-delay', 'abc'], /--public-delay: got "abc", expected a number from 0 to 2147483 \(seconds; setTimeout's limit/],
    [['--public-delay', '-1'], /--public-delay: got -1, expected a number from 0/],
    [['--public-delay', '2200000'], /--public-delay: got 2200000, expected a number from 0/],
    [['--lr', 'fast'], /--lr: got "fast", expected a positive number or "none"/],
    [['--repo', 'no-slash'], /--repo/],
  ];
  for (const [extra, message] of cases) {
    const r = await cli(['submit', dir, '--repo', 'alice/usage', ...common(), ...extra], { HF_TOKEN: TOKEN });
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const bare = join(tmp, 'bare');
  mkdirSync(bare);
  await writeTinyModel(bare, 5);
  const noMeta = await cli(['submit', bare, '--repo', 'alice/usage', ...common()], { HF_TOKEN: TOKEN });
  assert.equal(noMeta.code, 2);
  assert.match(noMeta.stderr, /its dataset is unknown: no metrics\.json there .* expected --dataset NAME/);
  const missing = await cli(['submit', join(tmp, 'nope'), '--repo', 'alice/x', ...common()], { HF_TOKEN: TOKEN });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /model folder .*nope: no such folder; expected a folder with model\.json/);
  assert.equal(hub.requests.length, before, 'no request reached the Hub');
});
