// The scored metrics of a model in one object: exact values and upstream's
// rounded ones side by side (the validator ranks the rounded ones).
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageDims } from '../data/augment.js';
import { countMacs } from './macs/count.js';
import { countParams } from './params.js';
import { floorAccuracy, roundMacs, roundParams } from './rounding.js';

export interface ModelMetrics {
  params: number;
  paramsRounded: number;
  /** BN moving statistics (PyTorch buffers); not counted by upstream. */
  nonTrainableParams: number;
  /** Upstream's MACs (onnx_tool's total over the equivalent ONNX export, every use counted). */
  macs: number;
  macsRounded: number;
  /** Conv/depthwise/dense weight multiply-accumulates only (the count before issue 13); not scored. */
  macsWeightOnly: number;
  /** One image of this shape (no batch axis) was counted. */
  inputShape: number[];
}

/** [height, width, channels] of a dataset or a NetworkIo: the image measureModel counts. */
export function imageShapeOf(d: ImageDims): [number, number, number] {
  return [d.height, d.width, d.channels];
}

export function measureModel(model: tfl.LayersModel, inputShape: number[]): ModelMetrics {
  const p = countParams(model);
  const m = countMacs(model, inputShape);
  return {
    params: p.params, paramsRounded: roundParams(p.params), nonTrainableParams: p.buffers,
    macs: m.total, macsRounded: roundMacs(m.total), macsWeightOnly: m.weightOnly, inputShape,
  };
}

export interface AccuracyMetrics {
  accuracy: number;
  accuracyFloored: number;
}

export function accuracyMetrics(percent: number): AccuracyMetrics {
  return { accuracy: percent, accuracyFloored: floorAccuracy(percent) };
}
