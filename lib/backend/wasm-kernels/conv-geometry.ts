// Shared geometry of the convolution gradients: NHWC only, with tfjs' own
// padding rules (same/valid/explicit) so results match the forward kernels.
import * as tf from '@tensorflow/tfjs-core';

export interface ConvGeometry {
  batch: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  fh: number; fw: number;
  sh: number; sw: number;
  dh: number; dw: number;
  top: number; bottom: number; left: number; right: number;
}

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

export function convGeometry(
  kernel: string,
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
  dataFormat: string | undefined,
): ConvGeometry {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel}: dataFormat ${dataFormat} is not supported on wasm, expected NHWC`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides, dilations, pad, dimRoundingMode, depthwise, 'channelsLast');
  return {
    batch: info.batchSize,
    inH: info.inHeight, inW: info.inWidth, inC: info.inChannels,
    outH: info.outHeight, outW: info.outWidth, outC: info.outChannels,
    fh: info.filterHeight, fw: info.filterWidth,
    sh: info.strideHeight, sw: info.strideWidth,
    dh: info.dilationHeight, dw: info.dilationWidth,
    top: info.padInfo.top, bottom: info.padInfo.bottom, left: info.padInfo.left, right: info.padInfo.right,
  };
}
