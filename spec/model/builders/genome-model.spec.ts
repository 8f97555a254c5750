import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { makeRng } from '../../../lib/core/rng.js';
import { countMacs } from '../../../lib/eval/macs/count.js';
import { countParams } from '../../../lib/eval/params.js';
import { BuildContext } from '../../../lib/model/builders/context.js';
import { dilatedDepthwise } from '../../../lib/model/builders/cell-ops/dilated-depthwise.js';
import { BLOCK_BUILDERS, CELL_OPS } from '../../../lib/model/builders/registry.js';
import { buildGenomeModel, disposeGenomeModel, networkFamily } from '../../../lib/model/genome-model.js';
import { sampleGenome } from '../../../lib/search/variation.js';
import { loadSearchSpace } from '../../../lib/search/space-file.js';
import { seedGenomes } from '../../../lib/searcher/seed-genomes.js';

const io = { height: 12, width: 12, channels: 1, numClasses: 10 };
const macro = loadSearchSpace('macro');
const cell = loadSearchSpace('cell');

/** Saves to memory and loads back with the generic loader (no custom layers). */
async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  return tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
}

describe('genome -> model', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('every block and cell op of the spaces has a builder', () => {
    const options = (space: typeof macro, suffix: string) => space.genes.filter((g) => g.name.endsWith(suffix)).flatMap((g) => (g.kind === 'choice' ? g.options : []));
    for (const b of new Set(options(macro, '_block'))) assert.ok(BLOCK_BUILDERS.has(String(b)), String(b));
    for (const op of new Set([...options(cell, '_op1'), ...options(cell, '_op2')])) assert.ok(CELL_OPS.has(String(op)), String(op));
    assert.equal(networkFamily(macro), 'macro');
    assert.equal(networkFamily(cell), 'cell');
  });

  it('builds seed and random genomes of both spaces into plain models that load back with the same outputs; measuring leaves no tensor', async () => {
    const genomes: [typeof macro, Record<string, string | number | boolean>][] = [
      ...seedGenomes(macro).map((g) => [macro, g] as [typeof macro, typeof g]),
      ...seedGenomes(cell).map((g) => [cell, { ...g, layers: 3 }] as [typeof macro, typeof g]),
      [macro, sampleGenome(macro, makeRng(1))],
      [cell, { ...sampleGenome(cell, makeRng(2)), init_channels: 8, layers: 3 }],
      // Normal cells that never read their input 1 (the previous cell): every other cell is off the
      // output's path and must not be built (its weights would outlive model.dispose(): a search
      // recorded "measuring a candidate leaked 66 tensors").
      [cell, {
        ...seedGenomes(cell)[0]!, init_channels: 8, layers: 5,
        normal_n0_in1: 0, normal_n0_in2: 0, normal_n1_in1: 0, normal_n1_in2: 2, normal_n2_in1: 3, normal_n2_in2: 2, normal_n3_in1: 0, normal_n3_in2: 0,
      }],
    ];
    const start = tf.memory().numTensors;
    for (const [space, g] of genomes) {
      const before = tf.memory().numTensors;
      const probe = buildGenomeModel(space, g, io, makeRng(7));
      assert.ok(countParams(probe).params > 0);
      assert.ok(countMacs(probe, [12, 12, 1]).total > 0);
      disposeGenomeModel(probe);
      assert.equal(tf.memory().numTensors, before, `build, count and dispose leave no tensor: ${JSON.stringify(g).slice(0, 60)}`);
      const model = buildGenomeModel(space, g, io, makeRng(7));
      assert.ok(model.layers.filter((l) => l.getClassName() === 'Conv2D').every((l) => (l.getConfig() as { useBias: boolean }).useBias === false || /_se_/.test(l.name)), 'convs have no bias except SE');
      const loaded = await roundTrip(model);
      const diff = tf.tidy(() => {
        const x = tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 3);
        // apply, as the trainer and accuracy do (LayersModel.predict keeps one tensor per model in tfjs-layers 4.22).
        const [a, b] = [model.apply(x, { training: false }) as tf.Tensor, loaded.apply(x, { training: false }) as tf.Tensor];
        assert.deepEqual(a.shape, [2, 10]);
        return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      });
      assert.ok(diff < 1e-5, `saved and loaded outputs differ by ${diff}`);
      disposeGenomeModel(model);
      disposeGenomeModel(loaded);
    }
    assert.equal(tf.memory().numTensors, start, 'every model and every loaded copy disposed: no tensor left');
  });

  it('a cell node of skip_connect + skip_connect on an input another node reads: inference runs (the input is not disposed early), the sum is x + x, it loads back', async () => {
    // Genome found by `search --space cell`: its final training died in the test-set accuracy
    // ("Cannot read properties of undefined (reading 'backend')") when Add took one tensor twice.
    const g = {
      ...seedGenomes(cell)[0]!, init_channels: 8, layers: 3,
      normal_n0_in1: 1, normal_n0_op1: 'sep_conv_3x3', normal_n0_in2: 1, normal_n0_op2: 'sep_conv_3x3',
      normal_n1_in1: 1, normal_n1_op1: 'skip_connect', normal_n1_in2: 1, normal_n1_op2: 'skip_connect',
    };
    const before = tf.memory().numTensors;
    const model = buildGenomeModel(cell, g, io, makeRng(3));
    const loaded = await roundTrip(model);
    tf.tidy(() => {
      const x = tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 3);
      const out = model.apply(x, { training: false }) as tf.Tensor;
      assert.deepEqual(out.shape, [2, 10]);
      assert.ok(tf.max(tf.abs(tf.sub(out, loaded.apply(x, { training: false }) as tf.Tensor))).dataSync()[0]! < 1e-5);
      // The node is x + x: the doubled input, where x is the cell's preprocessed second input.
      const add = model.getLayer('c0_n1_add');
      const pre = model.getLayer('c0_pre1_bn');
      const probe = tfl.model({ inputs: model.inputs, outputs: [add.output as tfl.SymbolicTensor, pre.output as tfl.SymbolicTensor] });
      const [sum, xIn] = probe.apply(x, { training: false }) as tf.Tensor[];
      assert.ok(tf.max(tf.abs(tf.sub(sum!, tf.mul(xIn!, 2)))).dataSync()[0]! < 1e-6);
    });
    disposeGenomeModel(model);
    disposeGenomeModel(loaded);
    assert.equal(tf.memory().numTensors, before);
  });

  it('same genome and seed give the same weights; layer names are stable', () => {
    const g = seedGenomes(macro)[1]!;
    const [m1, m2] = [buildGenomeModel(macro, g, io, makeRng(9)), buildGenomeModel(macro, g, io, makeRng(9))];
    assert.deepEqual(m1.layers.map((l) => l.name), m2.layers.map((l) => l.name));
    const w1 = m1.getWeights().map((w) => Array.from(w.dataSync())), w2 = m2.getWeights().map((w) => Array.from(w.dataSync()));
    assert.deepEqual(w1, w2);
    m1.dispose();
    m2.dispose();
  });

  it('the polyphase dilated depthwise conv equals a dilation-2 depthwise conv (even and odd sizes, stride 1 and 2) and has its gradient', () => {
    for (const [h, w, k, stride] of [[8, 8, 3, 1], [7, 5, 5, 1], [8, 6, 3, 2], [7, 7, 3, 2]] as const) {
      const input = tfl.input({ shape: [h, w, 2] });
      const ctx = new BuildContext(1);
      const model = tfl.model({ inputs: input, outputs: dilatedDepthwise(ctx, input, k, stride, 'd') });
      const kernel = model.getWeights()[0] as tf.Tensor4D;
      tf.tidy(() => {
        const x = tf.randomNormal([1, h, w, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
        const ours = model.predict(x) as tf.Tensor;
        const ref = stride === 1 ? tf.depthwiseConv2d(x, kernel, 1, 'same', 'NHWC', 2) : tf.depthwiseConv2d(tf.stridedSlice(x, [0, 0, 0, 0], [1, h, w, 2], [1, 2, 2, 1]) as tf.Tensor4D, kernel, 1, 'same');
        assert.deepEqual(ours.shape, ref.shape, `${h}x${w} k${k} s${stride}`);
        assert.ok(tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0]! < 1e-5, `${h}x${w} k${k} s${stride}`);
        // tfjs differentiates neither a dilated depthwise conv nor StridedSlice; the same reference, written
        // as a conv with the kernel spread out (zeros between its taps) over the input padded by k-1, has
        // gradients: the input gradient of a weighted sum of the outputs must equal it value for value.
        const spread = tf.buffer([2 * k - 1, 2 * k - 1, 2, 1]);
        const taps = kernel.arraySync();
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let c = 0; c < 2; c++) spread.set(taps[i]![j]![c]![0]!, 2 * i, 2 * j, c, 0);
        const kernelSpread = spread.toTensor() as tf.Tensor4D;
        const reference = (t: tf.Tensor) => tf.depthwiseConv2d(tf.pad(t as tf.Tensor4D, [[0, 0], [k - 1, k - 1], [k - 1, k - 1], [0, 0]]), kernelSpread, stride, 'valid');
        assert.ok(tf.max(tf.abs(tf.sub(reference(x), ref))).dataSync()[0]! < 1e-5, `the spread-kernel reference ${h}x${w} k${k} s${stride}`);
        const dy = tf.randomNormal(ref.shape, 0, 1, 'float32', 6);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.apply(t) as tf.Tensor, dy)))(x);
        const gRef = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reference(t), dy)))(x);
        assert.deepEqual(g.shape, x.shape);
        const scale = tf.max(tf.abs(gRef)).dataSync()[0]!;
        assert.ok(scale > 0.1, 'a gradient worth comparing');
        assert.ok(tf.max(tf.abs(tf.sub(g, gRef))).dataSync()[0]! < 1e-5 * Math.max(1, scale), `input gradient ${h}x${w} k${k} s${stride}`);
      });
      // Same weight MACs as the dilated conv on an even-sized input: k*k per channel and output pixel.
      // Odd sizes are padded to even first, so the count covers the padded pixels.
      const outPixels = stride === 1 ? (h + (h % 2)) * (w + (w % 2)) : Math.ceil(h / 2) * Math.ceil(w / 2);
      assert.equal(countMacs(model, [h, w, 2]).weightOnly, outPixels * k * k * 2);
      model.dispose();
    }
  });
});
