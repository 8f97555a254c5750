// Parameter count as PyTorch's model.parameters() sees it: every weight
// (conv/dense kernels, biases, BN gamma and beta), frozen or not: a Keras
// layer saved with trainable: false still has parameters. BN moving
// statistics are buffers in PyTorch, so they are listed apart and not counted.
import type * as tfl from '@tensorflow/tfjs-layers';

/** The layer class whose moving statistics are buffers, and their weight names. */
export const MOVING_STATISTICS_LAYER = 'BatchNormalization';
export const MOVING_STATISTICS = /\/moving_(mean|variance)(_\d+)?$/;

export interface ParamCount {
  /** What upstream counts and rounds: every weight but BN moving statistics. */
  params: number;
  /** BN moving mean and variance: buffers, not counted by upstream. */
  buffers: number;
}

function size(shape: (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 0), 1);
}

export function isBuffer(layer: tfl.layers.Layer, weight: tfl.LayerVariable): boolean {
  return layer.getClassName() === MOVING_STATISTICS_LAYER && MOVING_STATISTICS.test(weight.originalName);
}

export function countParams(model: tfl.LayersModel): ParamCount {
  let params = 0;
  let buffers = 0;
  // A layer shared by two nested models is one set of weights.
  const seen = new Set<number>();
  const visit = (layers: readonly tfl.layers.Layer[]) => {
    for (const layer of layers) {
      const inner = (layer as unknown as { layers?: tfl.layers.Layer[] }).layers;
      if (Array.isArray(inner)) {
        visit(inner);
        continue;
      }
      for (const w of layer.weights) {
        if (seen.has(w.id)) continue;
        seen.add(w.id);
        if (isBuffer(layer, w)) buffers += size(w.shape);
        else params += size(w.shape);
      }
    }
  };
  visit(model.layers);
  return { params, buffers };
}
