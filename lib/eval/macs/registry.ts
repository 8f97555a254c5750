// Which counter each layer class uses: one list, the only place to add a
// layer class. Every class the validator's allow-list accepts
// (lib/validator/layer-allow-list.ts; a spec keeps it covered), and the
// further classes published image models use (eval and check count any model
// tfjs-layers loads; a class with no counter is named in the error).
//
// Upstream's MACs are onnx_tool 0.9.0's total over the eval-mode ONNX export
// (opset 12, constant folding) of a PyTorch model. A tfjs model has no ONNX
// export, so each class is mapped to the PyTorch module a PyTorch author would
// write for it and the ops torch.onnx exports for that (v = output volume of
// the use, n = number of inputs; per-element costs in onnx-tool-costs.ts):
//
// | Keras class            | PyTorch / ONNX ops                 | MACs                                  |
// | ---------------------- | ---------------------------------- | ------------------------------------- |
// | InputLayer             | (graph input)                      | 0                                     |
// | Conv2D                 | nn.Conv2d / Conv                   | v*kh*kw*cin/groups (+v bias) (+act)   |
// | DepthwiseConv2D        | nn.Conv2d(groups=cin) / Conv       | v*kh*kw (+v bias) (+act)              |
// | SeparableConv2D        | depthwise Conv + 1x1 Conv          | dw: v_dw*kh*kw; pw: v*cin*m (+v bias) |
// | Dense                  | nn.Linear / Gemm, MatMul(+Add)     | v*in (+v bias) (+act)                 |
// | BatchNormalization     | folded into the conv before it     | 0 (the conv gains its bias add)       |
// |                        | otherwise BatchNormalization       | 31v                                   |
// | Activation(name)       | the op(s) of that name             | cost(name)*v: relu 1, relu6 2, ...    |
// | ReLU / ReLU(maxValue)  | Relu / Clip                        | v / 2v                                |
// | LeakyReLU              | LeakyRelu                          | 2v                                    |
// | ELU                    | Elu (not in onnx_tool 0.9.0)       | 0                                     |
// | Softmax                | Softmax                            | 36v                                   |
// | MaxPooling2D, AveragePooling2D | MaxPool / AveragePool      | v*kh*kw                               |
// | GlobalAveragePooling2D | AdaptiveAvgPool2d(1) / GlobalAveragePool | H*W*C + 4C                      |
// | GlobalMaxPooling2D     | AdaptiveMaxPool2d(1) / MaxPool(HxW) | H*W*C                                |
// | Add, Multiply, Maximum | (n-1) Add / Mul / Max              | (n-1)v                                |
// | Average                | (n-1) Add, then Div by n           | (n-1)v + 4v                           |
// | Concatenate            | Concat                             | 0                                     |
// | Dropout                | nothing in eval mode               | 0                                     |
// | ZeroPadding2D, Cropping2D, Flatten, Reshape | Pad, Slice, Flatten, Reshape | 0                  |
// | Beyond the allow-list: |                                     |                                       |
// | Conv1D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D | the 1-D ops | as their 2-D rules |
// | Conv2DTranspose        | nn.ConvTranspose2d / ConvTranspose | v*cout*kh*kw (+v bias) (+act)         |
// | Minimum                | (n-1) Min                          | (n-1)v                                |
// | PReLU                  | PRelu                              | 2v                                    |
// | Rescaling              | Mul (+ Add when offset != 0)       | v (2v)                                |
// | UpSampling2D           | nn.Upsample / Resize               | 0 nearest, 4v bilinear                |
// | SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout, Permute | nothing in eval mode, Transpose | 0 |
//
// A nested model (Sequential, Model) is counted use by use inside (count.ts).
// Where this is an approximation, docs/upstream-differences.md says so.
import type { MacCounter } from './types.js';
import { NO_COST } from './types.js';
import { convMacs, convTransposeMacs, depthwiseMacs, separableMacs } from './conv.js';
import { denseMacs } from './dense.js';
import { activationMacs, eluMacs, leakyReluMacs, preluMacs, reluMacs, softmaxMacs } from './activation.js';
import { globalAveragePoolMacs, globalMaxPoolMacs, poolMacs } from './pooling.js';
import { addMacs, averageMacs, maximumMacs, minimumMacs, multiplyMacs } from './merge.js';
import { batchNormMacs } from './normalization.js';
import { rescalingMacs, upSamplingMacs } from './rescale.js';

const zeroMacs: MacCounter = () => NO_COST;

const COUNTERS: [string, MacCounter][] = [
  ['InputLayer', zeroMacs],
  ['Conv2D', convMacs],
  ['DepthwiseConv2D', depthwiseMacs],
  ['SeparableConv2D', separableMacs],
  ['Dense', denseMacs],
  ['BatchNormalization', batchNormMacs],
  ['Activation', activationMacs],
  ['ReLU', reluMacs],
  ['LeakyReLU', leakyReluMacs],
  ['ELU', eluMacs],
  ['Softmax', softmaxMacs],
  ['MaxPooling2D', poolMacs],
  ['AveragePooling2D', poolMacs],
  ['GlobalAveragePooling2D', globalAveragePoolMacs],
  ['GlobalMaxPooling2D', globalMaxPoolMacs],
  ['Add', addMacs],
  ['Multiply', multiplyMacs],
  ['Average', averageMacs],
  ['Maximum', maximumMacs],
  ['Concatenate', zeroMacs],
  ['Dropout', zeroMacs],
  ['ZeroPadding2D', zeroMacs],
  ['Cropping2D', zeroMacs],
  ['Flatten', zeroMacs],
  ['Reshape', zeroMacs],
  // Beyond the allow-list.
  ['Conv1D', convMacs],
  ['Conv2DTranspose', convTransposeMacs],
  ['MaxPooling1D', poolMacs],
  ['AveragePooling1D', poolMacs],
  ['GlobalAveragePooling1D', globalAveragePoolMacs],
  ['GlobalMaxPooling1D', globalMaxPoolMacs],
  ['Minimum', minimumMacs],
  ['PReLU', preluMacs],
  ['Rescaling', rescalingMacs],
  ['UpSampling2D', upSamplingMacs],
  ['SpatialDropout1D', zeroMacs],
  ['GaussianNoise', zeroMacs],
  ['GaussianDropout', zeroMacs],
  ['AlphaDropout', zeroMacs],
  ['Permute', zeroMacs],
];

export const MAC_COUNTERS: ReadonlyMap<string, MacCounter> = new Map(COUNTERS);
