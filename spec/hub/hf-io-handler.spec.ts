// The whole path a miner and a validator take: a trained tfjs model is uploaded
// through the real @huggingface/hub client to the local Hub stand-in, its commit
// read back, its size checked, downloaded at that commit, its hash recomputed and
// loaded with tfl.loadLayersModel('hf://...'); predictions must be equal.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRng } from '../../lib/core/rng.js';
import { HfModelStore } from '../../lib/hub/hf-model-store.js';
import { registerHfRouter } from '../../lib/hub/hf-io-handler.js';
import { hashModelDir } from '../../lib/hub/model-hash.js';
import { formatHfUrl, parseHfUrl } from '../../lib/hub/model-ref.js';
import { FakeHub } from '../helpers/fake-hub/fake-hub-server.js';

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
