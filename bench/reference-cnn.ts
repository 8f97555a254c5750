// The reference CNN the training-speed figures are quoted for: 28x28x1 input,
// conv3x3 32-32, maxpool2, conv3x3 64-64, maxpool2, conv3x3 96 (each conv
// without bias + BatchNorm + ReLU), global average pool, dense 10.
import * as tfl from '@tensorflow/tfjs-layers';

export function referenceCnn(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1] });
  let y: tfl.SymbolicTensor = input;
  const block = (filters: number) => {
    y = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.batchNormalization().apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.reLU().apply(y) as tfl.SymbolicTensor;
  };
  block(32); block(32);
  y = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(y) as tfl.SymbolicTensor;
  block(64); block(64);
  y = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(y) as tfl.SymbolicTensor;
  block(96);
  y = tfl.layers.globalAveragePooling2d({}).apply(y) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 10 }).apply(y) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}
