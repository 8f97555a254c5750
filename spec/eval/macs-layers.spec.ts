// Golden MAC counts per layer kind: upstream's number (onnx_tool 0.9.0 over
// the ONNX ops PyTorch exports for the equivalent module), with the
// arithmetic written out. v is the output volume of the use.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { countMacs, type MacCount } from '../../lib/eval/macs/count.js';

type Apply = (x: tfl.SymbolicTensor) => tfl.SymbolicTensor;

/** Counts a model input -> f -> output; asserts that counting makes no tensors. */
function count(shape: number[], f: Apply): MacCount {
  const input = tfl.input({ shape });
  const m = tfl.model({ inputs: input, outputs: f(input) });
  const before = tf.memory().numTensors;
  const r = countMacs(m, shape);
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
  return r;
}
const layer = (l: tfl.layers.Layer): Apply => (x) => l.apply(x) as tfl.SymbolicTensor;

describe('MACs per layer kind (onnx_tool 0.9.0 rules)', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('Conv2D 3x3, 16->32, 32x32 same: v*kh*kw*cin, plus v with a bias', () => {
    // v = 32*32*32 = 32,768; weights 32,768 * 3*3*16 = 4,718,592; bias 32,768.
    const withBias = count([32, 32, 16], layer(tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same' })));
    assert.equal(withBias.total, 4_751_360);
    assert.equal(withBias.weightOnly, 4_718_592);
    const noBias = count([32, 32, 16], layer(tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false })));
    assert.equal(noBias.total, 4_718_592);
    // Strided valid conv: 15x15x8 outputs of a 3x3x4 window: 1,800 * 36 = 64,800, + 1,800 bias.
    assert.equal(count([32, 32, 4], layer(tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2 }))).total, 66_600);
  });

  it('a fused conv activation costs its op over the output', () => {
    // 8x8x4 -> 8x8x8 1x1: v = 512; 512*4 + 512 bias + 512 Relu.
    assert.equal(count([8, 8, 4], layer(tfl.layers.conv2d({ filters: 8, kernelSize: 1, activation: 'relu' }))).total, 2048 + 512 + 512);
  });

  it('DepthwiseConv2D 3x3, multiplier 2 on 8x8x4: v*kh*kw (+v bias)', () => {
    // v = 8*8*8 = 512: 512*9 + 512.
    const r = count([8, 8, 4], layer(tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' })));
    assert.equal(r.total, 5120);
    assert.equal(r.weightOnly, 4608);
  });

  it('SeparableConv2D 3x3 stride 2, 8x8x8 -> 6: depthwise (no bias) then a 1x1 conv with the bias', () => {
    // 16 output positions. dw: 16*8*9 = 1,152; pw: 16*6*8 = 768, bias 16*6 = 96.
    const r = count([8, 8, 8], layer(tfl.layers.separableConv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same' })));
    assert.equal(r.total, 1152 + 768 + 96);
    assert.equal(r.weightOnly, 1152 + 768);
  });

  it('Dense: Gemm with a bias (v*in + v), MatMul without, per position on a higher-rank input', () => {
    assert.equal(count([64], layer(tfl.layers.dense({ units: 10 }))).total, 640 + 10);
    assert.equal(count([64], layer(tfl.layers.dense({ units: 10, useBias: false }))).total, 640);
    // Softmax activation: 36 per element (EXP 32 + DIV 4).
    assert.equal(count([64], layer(tfl.layers.dense({ units: 10, activation: 'softmax' }))).total, 650 + 360);
    // [4, 4, 6] -> 3 units at 16 positions: 16*6*3 + 16*3.
    assert.equal(count([4, 4, 6], layer(tfl.layers.dense({ units: 3 }))).total, 288 + 48);
  });

  it('activations: per element, the rule of the op(s) PyTorch exports', () => {
    const v = 4 * 4 * 3;
    const perElement: [string, number][] = [
      ['linear', 0], ['relu', 1], ['relu6', 2], ['sigmoid', 32], ['hardSigmoid', 4], ['tanh', 76], ['softmax', 36],
      ['swish', 33], ['mish', 77], ['gelu', 7], ['gelu_new', 84], ['softsign', 6], ['elu', 0], ['selu', 0], ['softplus', 0],
    ];
    for (const [name, cost] of perElement) {
      const r = count([4, 4, 3], layer(tfl.layers.activation({ activation: name as 'relu' })));
      assert.equal(r.total, cost * v, name);
    }
    assert.equal(count([4, 4, 3], layer(tfl.layers.reLU())).total, v);
    assert.equal(count([4, 4, 3], layer(tfl.layers.reLU({ maxValue: 6 }))).total, 2 * v);
    assert.equal(count([4, 4, 3], layer(tfl.layers.leakyReLU())).total, 2 * v);
    assert.equal(count([4, 4, 3], layer(tfl.layers.elu())).total, 0);
    assert.equal(count([4, 4, 3], layer(tfl.layers.softmax())).total, 36 * v);
  });

  it('pooling: v*kh*kw for max and average; global average H*W*C + 4C; global max H*W*C', () => {
    // 8x8x4 -> 4x4x4 (v = 64) with a 2x2 window: 256.
    assert.equal(count([8, 8, 4], layer(tfl.layers.maxPooling2d({ poolSize: 2 }))).total, 256);
    // 3x3 stride 1 same: v = 256, 256*9.
    assert.equal(count([8, 8, 4], layer(tfl.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }))).total, 2304);
    assert.equal(count([8, 8, 4], layer(tfl.layers.globalAveragePooling2d({}))).total, 256 + 4 * 4);
    assert.equal(count([8, 8, 4], layer(tfl.layers.globalMaxPooling2d({}))).total, 256);
  });

  it('merges: (n-1) element-wise ops over the output; Average adds a division; Concatenate is free', () => {
    const v = 4 * 4 * 4;
    const merge = (l: tfl.layers.Layer, n: number) => count([4, 4, 4], (x) => l.apply(Array.from({ length: n }, () => x)) as tfl.SymbolicTensor);
    assert.equal(merge(tfl.layers.add({}), 3).total, 2 * v);
    assert.equal(merge(tfl.layers.multiply({}), 2).total, v);
    assert.equal(merge(tfl.layers.maximum({}), 2).total, v);
    assert.equal(merge(tfl.layers.average({}), 2).total, v + 4 * v);
    assert.equal(merge(tfl.layers.concatenate({}), 2).total, 0);
  });

  it('shape and regularisation layers are free', () => {
    const free: Apply[] = [
      layer(tfl.layers.flatten()), layer(tfl.layers.reshape({ targetShape: [16, 3] })), layer(tfl.layers.dropout({ rate: 0.5 })),
      layer(tfl.layers.zeroPadding2d({ padding: 1 })), layer(tfl.layers.cropping2D({ cropping: 1 })),
    ];
    for (const f of free) assert.equal(count([4, 4, 3], f).total, 0);
  });

  it('beyond the allow-list: 1-D conv and pooling follow the 2-D rules in one dimension', () => {
    // Conv1D k=3 valid on [10, 4] -> [8, 6]: v = 48; 48*3*4 = 576, + 48 bias.
    assert.equal(count([10, 4], layer(tfl.layers.conv1d({ filters: 6, kernelSize: 3 }))).total, 576 + 48);
    // MaxPooling1D 2 on [10, 4] -> [5, 4]: v = 20, 20*2; AveragePooling1D the same.
    assert.equal(count([10, 4], layer(tfl.layers.maxPooling1d({ poolSize: 2 }))).total, 40);
    assert.equal(count([10, 4], layer(tfl.layers.averagePooling1d({ poolSize: 2 }))).total, 40);
    // GlobalAveragePooling1D: L*C adds + 4C; GlobalMaxPooling1D: L*C compares.
    assert.equal(count([10, 4], layer(tfl.layers.globalAveragePooling1d({}))).total, 40 + 16);
    assert.equal(count([10, 4], layer(tfl.layers.globalMaxPooling1d({}))).total, 40);
  });

  it('Conv2DTranspose: ConvTranspose costs v * cout * kh * kw (its weight is [cin, cout, kh, kw]), + v with a bias', () => {
    // 4x4x3 -> 2x2 kernel, stride 2 -> 8x8x5: v = 320; 320 * 5*2*2 = 6,400, + 320 bias.
    // Weight MACs (what the layer really multiplies): 4*4*3 inputs * 2*2 * 5 = 960.
    const r = count([4, 4, 3], layer(tfl.layers.conv2dTranspose({ filters: 5, kernelSize: 2, strides: 2 })));
    assert.equal(r.total, 6_400 + 320);
    assert.equal(r.weightOnly, 960);
  });

  it('beyond the allow-list: Minimum, PReLU, Rescaling, UpSampling2D; noise layers and Permute are free', () => {
    const v = 4 * 4 * 3;
    assert.equal(count([4, 4, 3], (x) => tfl.layers.minimum({}).apply([x, x, x]) as tfl.SymbolicTensor).total, 2 * v);
    // PRelu: CMP + MUL per element.
    assert.equal(count([4, 4, 3], layer(tfl.layers.prelu({}))).total, 2 * v);
    // x * scale: one Mul; x * scale + offset: Mul and Add.
    assert.equal(count([4, 4, 3], layer(tfl.layers.rescaling({ scale: 1 / 255 }))).total, v);
    assert.equal(count([4, 4, 3], layer(tfl.layers.rescaling({ scale: 1 / 127.5, offset: -1 }))).total, 2 * v);
    // Resize: nearest 0; bilinear 4 per output element (8x8x3 = 192 outputs).
    assert.equal(count([4, 4, 3], layer(tfl.layers.upSampling2d({ size: [2, 2] }))).total, 0);
    assert.equal(count([4, 4, 3], layer(tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }))).total, 4 * 192);
    const free: Apply[] = [
      layer(tfl.layers.gaussianNoise({ stddev: 0.1 })), layer(tfl.layers.gaussianDropout({ rate: 0.1 })),
      layer(tfl.layers.alphaDropout({ rate: 0.1 })), layer(tfl.layers.permute({ dims: [2, 1, 3] })),
    ];
    for (const f of free) assert.equal(count([4, 4, 3], f).total, 0);
    assert.equal(count([10, 4], layer(tfl.layers.spatialDropout1d({ rate: 0.1 }))).total, 0);
  });

  it('an unfused BatchNormalization costs 31 per element (ADD + SQRT 24 + DIV 4 + ADD + MUL)', () => {
    assert.equal(count([4, 4, 3], layer(tfl.layers.batchNormalization({}))).total, 31 * 48);
    assert.equal(count([10], layer(tfl.layers.batchNormalization({}))).total, 310);
  });
});
