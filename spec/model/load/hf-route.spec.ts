// The whole path a miner and a validator take: a trained tfjs model is uploaded
// through the real @huggingface/hub client to the local Hub stand-in, its commit
// read back, its size checked, downloaded at that commit, its hash recomputed and
// loaded with tfl.loadLayersModel('hf://...'); predictions must be equal. Then
// hostile models through the same route: the one loader refuses each before
// allocation, as the validator does for a folder.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRng } from '../../../lib/core/rng.js';
import { HfModelStore } from '../../../lib/hub/hf-model-store.js';
import { hashModelDir } from '../../../lib/hub/model-hash.js';
import { formatHfUrl, parseHfUrl } from '../../../lib/hub/model-ref.js';
import { loadHfModel, registerHfRouter } from '../../../lib/model/load/hf-route.js';
import { competitionPolicy } from '../../../lib/validator/competition-policy.js';
import { repoRoot } from '../../helpers/cli.js';
import { FakeHub } from '../../helpers/fake-hub/fake-hub-server.js';

const TOKEN = 'hf_minerMINERminerMINER';
let hub: FakeHub;
let work: string;

before(async () => {
  await tf.setBackend('cpu');
  hub = new FakeHub();
  hub.addUser('miner', TOKEN);
  await hub.start();
  work = await mkdtemp(join(tmpdir(), 'hf-io-'));
});
after(async () => {
  await hub.stop();
  await rm(work, { recursive: true, force: true });
});

function buildModel(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }));
  return m;
}

/** Saves a model as model.json plus two weight shards (tfjs's file layout). */
async function saveToFolder(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[]));
    const cut = Math.floor(data.length / 2);
    const paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    await writeFile(join(dir, paths[0] as string), data.subarray(0, cut));
    await writeFile(join(dir, paths[1] as string), data.subarray(cut));
    const json: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology as object,
      weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
      ...(artifacts.format ? { format: artifacts.format } : {}),
      ...(artifacts.generatedBy ? { generatedBy: artifacts.generatedBy } : {}),
      ...(artifacts.convertedBy ? { convertedBy: artifacts.convertedBy } : {}),
    };
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
}

test('upload, size check, pinned download, hash and tfl.loadLayersModel("hf://...") give equal predictions', async () => {
  const tensorsBefore = tf.memory().numTensors;
  const model = buildModel();
  const sgd = tf.train.sgd(0.1);
  model.compile({ optimizer: sgd, loss: 'categoricalCrossentropy' });
  const rng = makeRng(3);
  const xs = tf.tensor4d(Array.from({ length: 4 * 64 }, () => rng.next()), [4, 8, 8, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3));
  await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0, shuffle: false });

  const dir = await mkdtemp(join(work, 'model-'));
  await saveToFolder(model, dir);
  const miner = new HfModelStore({ hubUrl: hub.url, token: TOKEN, cacheDir: join(work, 'miner-cache'), maxDownloadBytes: 5_767_168, retry: { sleep: async () => {}, rng: makeRng(1) } });
  const up = await miner.upload(dir, { namespace: 'miner', name: 'tiny' }, { card: { license: 'mit', dataset: 'fashion-mnist', searchSpace: 'tiny', metrics: { accuracy: 80 } } });
  assert.equal(up.ref.commit, hub.tip('miner/tiny'), 'the commit read back is the branch tip');
  await miner.makePublic(up.ref);

  const validator = new HfModelStore({ hubUrl: hub.url, token: null, cacheDir: join(work, 'validator-cache'), maxDownloadBytes: 5_767_168, retry: { sleep: async () => {}, rng: makeRng(2) } });
  const listing = await validator.list(up.ref);
  assert.ok(listing.totalBytes > 0 && listing.totalBytes <= 5_767_168);
  assert.ok(listing.files.some((f) => f.path === 'group1-shard2of2.bin' && f.lfsSha256 !== undefined));

  const fetched = await validator.fetch(up.ref, { expectedHash: up.hash });
  assert.equal(fetched.hash, up.hash);
  assert.equal(await hashModelDir(fetched.dir), await hashModelDir(dir));

  const restore = registerHfRouter(validator, { expectedHash: (ref) => (ref.commit === up.ref.commit ? up.hash : undefined) });
  try {
    const url = formatHfUrl(up.ref);
    const loaded = await tfl.loadLayersModel(url);
    const a = model.predict(xs) as tf.Tensor;
    const b = loaded.predict(xs) as tf.Tensor;
    assert.deepEqual(Array.from(await b.data()), Array.from(await a.data()));
    tf.dispose([a, b]);
    loaded.dispose();

    // The hash in the URL is checked as well: a wrong one refuses to load.
    await assert.rejects(tfl.loadLayersModel(formatHfUrl(up.ref, 'x+y/z=')), /differs from the committed x\+y\/z=/);
    assert.equal(parseHfUrl(formatHfUrl(up.ref, up.hash)).expectedHash, up.hash);
  } finally {
    restore();
  }
  tf.dispose([xs, ys]);
  model.dispose();
  sgd.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore);
});

const ATTACKS = join(repoRoot, 'spec/fixtures/attacks');
const FMNIST = { inputShape: [28, 28, 1] as [number, number, number], numClasses: 10, maxWeightBytes: 5_767_168, maxModelJsonBytes: 1 << 20 };

test('hf:// refuses what the validator refuses, before allocation: attack fixtures through the route', async () => {
  const miner = new HfModelStore({ hubUrl: hub.url, token: TOKEN, cacheDir: join(work, 'attack-miner-cache'), maxDownloadBytes: 5_767_168, retry: { sleep: async () => {}, rng: makeRng(4) } });
  const validator = new HfModelStore({ hubUrl: hub.url, token: null, cacheDir: join(work, 'attack-validator-cache'), maxDownloadBytes: 5_767_168, retry: { sleep: async () => {}, rng: makeRng(5) } });
  const card = { license: 'mit', dataset: 'fashion-mnist', searchSpace: 'tiny', metrics: { accuracy: 80 } };
  // [folder, reason under any policy (the general one), reason under the competition's policy]
  const cases: [string, string | null, string][] = [
    ['huge-units', 'size-limit', 'size-limit'],
    ['class-name-collision', 'key-collision', 'key-collision'],
    ['layer-reused-3000', 'layer-uses', 'layer-uses'],
    ['cyclic-graph', 'bad-topology', 'bad-topology'],
    ['activation-is-a-network', 'disallowed-config', 'disallowed-config'],
    ['escape-in-name', 'bad-layer-name', 'bad-layer-name'],
    // Not a threat to the validator's memory or time, only to its rules: loads under the general policy.
    ['regularizer', null, 'disallowed-config'],
    ['lambda-layer', 'load-failed', 'disallowed-layer'],
    ['honest-small', null, 'ok'],
  ];
  const before = tf.memory().numTensors;
  for (const [folder, general, competition] of cases) {
    const up = await miner.upload(join(ATTACKS, folder), { namespace: 'miner', name: folder }, { card });
    await miner.makePublic(up.ref);
    const url = formatHfUrl(up.ref, up.hash);
    const restore = registerHfRouter(validator);
    try {
      if (general === null) {
        (await tfl.loadLayersModel(url)).dispose();
      } else {
        await assert.rejects(tfl.loadLayersModel(url), (e: Error) => e.message.endsWith(`[${general}]`), `${folder}: general policy`);
      }
    } finally {
      restore();
    }
    const r = await loadHfModel(url, validator, { policy: competitionPolicy(FMNIST) });
    assert.equal(r.ok ? 'ok' : r.reason, competition, `${folder}: competition policy${r.ok ? '' : `: ${r.message}`}`);
    if (r.ok) r.model.dispose();
    assert.equal(tf.memory().numTensors, before, `${folder}: no tensor left behind`);
  }
});
