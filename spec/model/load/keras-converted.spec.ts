// Keras 2.x models converted by tensorflowjs_converter load through the one
// loader, and are counted: modelTopology.model_config (with keras_version,
// backend, training_config beside it), class_name "Model" or a Keras 2.2
// Sequential whose config is the list of its layers, frozen layers, and
// weights stored as uint8, uint16 or float16 (helpers/keras-converted.ts
// writes them as the converter does). Dequantized exactly as tfjs does:
// every weight equals tfjs-core's own decodeWeights of the same bytes.
import '@tensorflow/tfjs-backend-cpu';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadModelDir } from '../../../lib/model/load/load-model.js';
import { measureModel } from '../../../lib/eval/metrics.js';
import { checkSubmittedModel } from '../../../lib/validator/submitted-model.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../validator/helpers/tiny-model.js';
import { writeKerasConverted, type ConvertedDtype } from './helpers/keras-converted.js';

const tmp = tempDir('keras');
after(() => tmp.cleanup());
const INPUT = [8, 8, 3];
let original: tfl.LayersModel;
let x: tf.Tensor;
let expected: Float32Array;

/** The layer classes of the nsfwjs MobileNetV2 and InceptionV3, in one small graph. */
function buildOriginal(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const input = tfl.input({ shape: INPUT, name: 'input_1' });
  const apply = (l: tfl.layers.Layer, t: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => l.apply(t) as tfl.SymbolicTensor;
  let y = apply(tfl.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: 'Conv1_pad' }), input);
  y = apply(tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, useBias: false, kernelInitializer: init(1), name: 'Conv1' }), y);
  y = apply(tfl.layers.batchNormalization({ name: 'bn_Conv1' }), y);
  const relu1 = apply(tfl.layers.reLU({ maxValue: 6, name: 'Conv1_relu' }), y);
  y = apply(tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: init(2), name: 'dw' }), relu1);
  y = apply(tfl.layers.batchNormalization({ name: 'dw_bn' }), y);
  y = apply(tfl.layers.reLU({ maxValue: 6, name: 'dw_relu' }), y);
  y = apply(tfl.layers.add({ name: 'add' }), [relu1, y]);
  const maxed = apply(tfl.layers.maxPooling2d({ poolSize: 2, name: 'max_pool' }), y);
  const averaged = apply(tfl.layers.averagePooling2d({ poolSize: 2, name: 'avg_pool' }), y);
  y = apply(tfl.layers.concatenate({ axis: 3, name: 'mixed' }), [maxed, averaged]);
  y = apply(tfl.layers.activation({ activation: 'relu', name: 'activation_1' }), y);
  y = apply(tfl.layers.flatten({ name: 'flatten_1' }), y);
  y = apply(tfl.layers.dropout({ rate: 0.5, name: 'dropout_1' }), y);
  y = apply(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3), name: 'dense_1' }), y);
  const m = tfl.model({ inputs: input, outputs: y, name: 'model_1' });
  // BN statistics other than 0 and 1, so that their quantization matters.
  for (const [i, name] of ['bn_Conv1', 'dw_bn'].entries()) {
    const bn = m.getLayer(name);
    bn.setWeights(bn.getWeights().map((w, j) => tf.tidy(() => tf.add(tf.mul(tf.randomUniform(w.shape, 0, 0.5, 'float32', 10 * i + j), j === 2 ? 0.2 : 1), j === 0 || j === 3 ? 1 : 0))));
  }
  return m;
}

/**
 * Params: Conv1 3*3*3*4 = 108; bn_Conv1 gamma+beta 8; dw 3*3*4 = 36; dw_bn 8;
 * dense_1 32*3 + 3 = 99: 259 (the 16 moving statistics are buffers).
 * MACs (onnx_tool 0.9.0 rules, one 8x8x3 image): Conv1_pad 0; Conv1 on 9x9x3
 * -> 4x4x4 (v = 64): 64*27 + 64 bias from the folded bn_Conv1 = 1,792;
 * Conv1_relu Clip 2*64 = 128; dw 64*9 + 64 folded bias = 640; dw_relu 128;
 * add 64; max_pool 2x2 -> 2x2x4 (v = 16): 16*4 = 64; avg_pool 64; mixed 0;
 * activation_1 Relu 32; flatten_1 and dropout_1 0; dense_1 32*3 + 3 bias +
 * softmax 36*3 = 207. Total 3,119; weight MACs 1,728 + 576 + 96 = 2,400.
 */
const PARAMS = 259;
const BUFFERS = 16;
const MACS = 3_119;
const WEIGHT_MACS = 2_400;

before(async () => {
  await tf.setBackend('cpu');
  original = buildOriginal();
  x = tf.randomUniform([4, ...INPUT], -1, 1, 'float32', 7);
  const y = original.predict(x) as tf.Tensor;
  expected = (await y.data()) as Float32Array;
  y.dispose();
});

/** Largest difference between the converted model's predictions and the float original's. */
async function maxDiff(m: tfl.LayersModel): Promise<number> {
  const y = m.predict(x) as tf.Tensor;
  const got = (await y.data()) as Float32Array;
  y.dispose();
  return got.reduce((d, v, i) => Math.max(d, Math.abs(v - (expected[i] as number))), 0);
}

/** Every weight of `m` equals tfjs-core's decodeWeights of the folder's bytes, bit for bit. */
async function assertDecodedAsTfjs(m: tfl.LayersModel, dir: string): Promise<void> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  const group = json.weightsManifest[0]!;
  const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))));
  const tfjs = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), group.weights);
  for (const w of m.weights) {
    const mine = new Uint32Array(((await w.read().data()) as Float32Array).buffer);
    const theirs = new Uint32Array(((await tfjs[w.originalName]!.data()) as Float32Array).buffer);
    assert.deepEqual(mine, theirs, `${w.originalName}: the same float32 bits as tfjs decodes`);
  }
  tf.dispose(Object.values(tfjs));
}

const CASES: [ConvertedDtype, number][] = [['float32', 1e-6], ['float16', 2e-3], ['uint16', 1e-4], ['uint8', 3e-2]];

for (const [dtype, tolerance] of CASES) {
  test(`a Keras 2.2.4 functional model converted with ${dtype} weights loads, counts and predicts like the original`, async () => {
    const dir = join(tmp.dir, `model-${dtype}`);
    await writeKerasConverted(original, dir, dtype, {
      edit: (mc) => {
        // As the nsfwjs models: a frozen base, and Keras-only ReLU keys tfjs ignores.
        for (const l of mc.config.layers as { name: string; class_name: string; config: Record<string, unknown> }[]) {
          if (['Conv1', 'bn_Conv1'].includes(l.name)) l.config.trainable = false;
          if (l.class_name === 'ReLU') Object.assign(l.config, { negative_slope: 0, threshold: 0 });
        }
      },
    });
    const before = tf.memory().numTensors;
    const m = await loadModelDir(dir);
    assert.equal(m.getLayer('Conv1').trainable, false);
    const metrics = measureModel(m, INPUT);
    assert.deepEqual([metrics.params, metrics.nonTrainableParams, metrics.macs, metrics.macsWeightOnly], [PARAMS, BUFFERS, MACS, WEIGHT_MACS]);
    const diff = await maxDiff(m);
    assert.ok(diff <= tolerance, `${dtype}: predictions within ${tolerance} of the float original (max difference ${diff})`);
    await assertDecodedAsTfjs(m, dir);
    m.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
}

test('mixed storage (uint8 kernels, float16 BN, float32 biases) and a Keras 2.2 Sequential whose config is its layer list', async () => {
  const dir = join(tmp.dir, 'mixed');
  await writeKerasConverted(original, dir, 'float32', { dtypeOf: (n) => (n.endsWith('kernel') ? 'uint8' : /moving|gamma|beta/.test(n) ? 'float16' : 'float32') });
  const m = await loadModelDir(dir);
  assert.ok((await maxDiff(m)) <= 3e-2);
  await assertDecodedAsTfjs(m, dir);
  m.dispose();

  const seq = tfl.sequential({
    name: 'sequential_1',
    layers: [
      tfl.layers.conv2d({ inputShape: INPUT, filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }), name: 'conv2d_1' }),
      tfl.layers.globalAveragePooling2d({ name: 'gap' }),
      tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }), name: 'dense_1' }),
    ],
  });
  const seqDir = join(tmp.dir, 'sequential');
  // Keras 2.2's Sequential.get_config() is the list of its layers, no name.
  await writeKerasConverted(seq, seqDir, 'uint8', { edit: (mc) => { (mc as { config: unknown }).config = mc.config.layers; } });
  const back = await loadModelDir(seqDir);
  // Conv 6x6x2 outputs of a 3x3x3 window: 72*27 + 72 bias + 72 Relu; GAP 72 + 4*2; dense 2*3 + 3.
  assert.equal(measureModel(back, INPUT).macs, 72 * 27 + 72 + 72 + 72 + 8 + 6 + 3);
  await assertDecodedAsTfjs(back, seqDir);
  back.dispose();
  seq.dispose();
});

test('the validator refuses a quantized model with its own reason, before it reads a shard', async () => {
  const dir = join(tmp.dir, 'model-uint8');
  const expect = { inputShape: [8, 8, 3] as [number, number, number], numClasses: 3, maxWeightBytes: 5_767_168, maxModelJsonBytes: 1 << 20 };
  const r = checkSubmittedModel(dir, expect);
  assert.equal(r.ok ? 'ok' : r.reason, 'quantized-weights');
  assert.match(r.ok ? '' : r.message, /weightsManifest\[0\]\.weights\[0\] \("Conv1\/kernel"\) is quantized .*expected plain float32 weights/);
});

test('naschain eval --metrics-only prints the params and MACs of a converted model', () => {
  const r = runCli(['eval', join(tmp.dir, 'model-uint8'), '--metrics-only', '--backend', 'cpu']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^params: 259 \(scored as 300; 16 BN statistics not counted\)$/m);
  assert.match(r.stdout, /^MACs: 3,119 \(scored as 3,000\) for one 8x8x3 image$/m);
});
