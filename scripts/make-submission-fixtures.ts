// Writes spec/fixtures/submissions/: small REAL models trained on the embedded
// Fashion-MNIST subset, each as a submission folder (model.json, one weight
// shard, submission.json), plus malformed folders, one per rejection the
// round must survive. Honest models are trained exactly with the validation
// recipe of spec/fixtures/submissions-config.json (same seed, epochs and their
// committed learning rate), so the validator's retrain reproduces their
// accuracy; the leaky model memorises the TEST split, so its submitted
// accuracy is inflated and the retrain exposes it.
//
// Usage: npm run build && node dist/scripts/make-submission-fixtures.js [--backend wasm]
// Takes about a minute on 2 cores. Rerun only when the fixtures must change:
// the specs pin their numbers.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../lib/backend/select.js';
import type { BackendRequest } from '../lib/backend/types.js';
import { createLogger } from '../lib/core/log.js';
import { makeRng, rngFor } from '../lib/core/rng.js';
import { parseValiConfig } from '../lib/core/vali-config.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import type { ImageDataset } from '../lib/data/types.js';
import { saveModelDir } from '../lib/model/model-dir.js';
import { reinitialize } from '../lib/train/reinit.js';
import { train } from '../lib/train/train.js';
import { formatSubmission, SUBMISSION_KIND, SUBMISSION_VERSION, type Submission } from '../lib/validator/submission.js';

const ROOT = resolve(process.argv[1] ?? '.', '../../..');
const OUT = join(ROOT, 'spec/fixtures/submissions');
const CONFIG = join(ROOT, 'spec/fixtures/submissions-config.json');
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

type Build = () => tfl.LayersModel;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- model.json is edited here as free-form JSON; breaking its shape is the point
type Json = Record<string, any>;
const sym = (l: tfl.layers.Layer, x: tfl.SymbolicTensor) => l.apply(x) as tfl.SymbolicTensor;

/** conv(filters, 3x3, stride 2) [+ conv] + maxpool + flatten + dense: tiny CNNs of graded size. */
function cnn(name: string, filters: number[], units = 10): Build {
  return () => {
    const input = tfl.input({ shape: [28, 28, 1], name: 'image' });
    let x = input;
    filters.forEach((f, i) => {
      x = sym(tfl.layers.conv2d({ filters: f, kernelSize: 3, strides: i === 0 ? 2 : 1, padding: 'same', name: `conv${i + 1}` }), x);
      x = sym(tfl.layers.reLU({ name: `relu${i + 1}` }), x);
    });
    x = sym(tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool' }), x);
    x = sym(tfl.layers.flatten({ name: 'flatten' }), x);
    const out = sym(tfl.layers.dense({ units, name: 'logits' }), x);
    return tfl.model({ inputs: input, outputs: out, name });
  };
}

function hotkey(seed: number): string {
  const rng = makeRng(seed);
  return `5${Array.from({ length: 47 }, () => B58[rng.int(B58.length)]).join('')}`;
}

function submission(uid: number, learningRate: number | null): Submission {
  const hex = Array.from({ length: 40 }, (_, i) => '0123456789abcdef'[(uid * 7 + i * 3) % 16]).join('');
  return {
    kind: SUBMISSION_KIND, version: SUBMISSION_VERSION, uid, hotkey: hotkey(uid), block: 1000 + uid, extrinsicIndex: 1,
    learningRate, repo: `miner${uid}/fmnist-model`, commit: hex, hash: null,
  };
}

async function write(name: string, model: tfl.LayersModel, sub: Submission): Promise<string> {
  const dir = join(OUT, name);
  await saveModelDir(model, dir);
  writeFileSync(join(dir, 'submission.json'), formatSubmission(sub));
  return dir;
}

/** Edits the copy of a model folder: model.json through `edit`, shard bytes through `shard`. */
function corrupt(from: string, name: string, sub: Submission, edit: (json: Json) => void, shard?: (b: Buffer) => Buffer): void {
  const json = JSON.parse(readFileSync(join(from, 'model.json'), 'utf8')) as Json;
  const bin = readFileSync(join(from, 'group1-shard1of1.bin'));
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  edit(json);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), shard ? shard(bin) : bin);
  writeFileSync(join(dir, 'submission.json'), formatSubmission(sub));
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--backend');
  const log = createLogger('info');
  const backend = await initBackend((i >= 0 ? process.argv[i + 1] : 'auto') as BackendRequest, log);
  log.info(`backend: ${backend.name}`);
  const config = parseValiConfig(JSON.parse(readFileSync(CONFIG, 'utf8')), CONFIG);
  const dataset = await loadDataset(config.dataset, { log });
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  const honest: [string, Build, number][] = [
    ['honest-small', cnn('honest_small', [4]), 0.1],
    ['honest-medium', cnn('honest_medium', [8]), 0.1],
    ['honest-large', cnn('honest_large', [16]), 0.1],
  ];
  let uid = 1;
  const dirs: Record<string, string> = {};
  for (const [name, build, lr] of honest) {
    const model = build();
    const r = await train(model, dataset, config, { learningRate: lr });
    log.info(`${name}: test accuracy ${r.testAccuracy.toFixed(2)}% in ${r.seconds.toFixed(1)} s`);
    dirs[name] = await write(name, model, submission(uid++, lr));
    model.dispose();
  }

  // Trained on the test split: what the miner measured is memorisation.
  const leakyData: ImageDataset = { ...dataset, train: dataset.test };
  const leaky = cnn('leaky', [8])();
  const leakyResult = await train(leaky, leakyData, { ...config, schedule: 'standard', augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 } }, { epochs: 30, learningRate: 0.05 });
  log.info(`leaky: test accuracy ${leakyResult.testAccuracy.toFixed(2)}% (trained on the test split)`);
  // It claims a lower learning rate than honest-medium (same architecture), which the retrain honours.
  await write('leaky-test-trained', leaky, submission(uid++, 0.02));
  leaky.dispose();

  const wrongUnits = cnn('wrong_units', [4], 5)();
  // Seeded weights, so that rerunning the script rewrites the same bytes.
  reinitialize(wrongUnits, rngFor(config.seed, 'fixtures/wrong-units'));
  await write('bad-output-units', wrongUnits, submission(uid++, null));
  wrongUnits.dispose();

  const base = dirs['honest-small'] as string;
  const layers = (j: Json) => j.modelTopology.config.layers as Json[];
  corrupt(base, 'bad-lambda-layer', submission(uid++, null), (j) => { (layers(j)[2] as Json).class_name = 'Lambda'; });
  corrupt(base, 'bad-custom-class', submission(uid++, null), (j) => { (layers(j)[2] as Json).class_name = 'MyMinerLayer'; });
  corrupt(base, 'bad-weights-path', submission(uid++, null), (j) => { j.weightsManifest[0].paths = ['../x']; });
  corrupt(base, 'bad-shard-size', submission(uid++, null), () => undefined, (b) => b.subarray(0, b.byteLength - 8));
  corrupt(base, 'bad-non-finite', submission(uid++, null), () => undefined, (b) => {
    const copy = Buffer.from(b);
    copy.writeFloatLE(Number.NaN, 4);
    return copy;
  });
  corrupt(base, 'bad-submission-json', submission(uid++, null), () => undefined);
  writeFileSync(join(OUT, 'bad-submission-json', 'submission.json'), '{"kind": "naschain/submission", "version": 1, "uid": "seven"}\n');
  log.info(`wrote ${OUT}; tensors left: ${tf.memory().numTensors}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
});
