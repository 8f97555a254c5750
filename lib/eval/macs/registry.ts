// Which counter each Keras layer class uses: one list, the only place to add
// a layer class. Classes mapped to zeroMacs have no weight multiply-accumulates
// under upstream's convention (see types.ts).
import type { MacCounter } from './types.js';
import { convMacs, depthwiseMacs, separableMacs } from './conv.js';
import { denseMacs } from './dense.js';

const zeroMacs: MacCounter = () => 0;

const COUNTERS: [string, MacCounter][] = [
  ['Conv1D', convMacs],
  ['Conv2D', convMacs],
  ['Conv3D', convMacs],
  ['DepthwiseConv2D', depthwiseMacs],
  ['SeparableConv2D', separableMacs],
  ['Dense', denseMacs],
  ...[
    'InputLayer', 'BatchNormalization', 'LayerNormalization',
    'Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax',
    'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D',
    'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
    'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Subtract',
    'Reshape', 'Flatten', 'Permute', 'RepeatVector', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D',
    'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Rescaling',
  ].map((name): [string, MacCounter] => [name, zeroMacs]),
];

export const MAC_COUNTERS: ReadonlyMap<string, MacCounter> = new Map(COUNTERS);
