// The evaluation batch size for a submitted model. The model checks allow up
// to MAX_ACTIVATION_ELEMENTS float32 activations per image; at the usual batch
// of 256 that could ask for gigabytes, which kills the process instead of
// rejecting the model. So the batch shrinks until a batch's activations fit a
// fixed budget. Inference-mode accuracy does not depend on the batch size.
import type * as tfl from '@tensorflow/tfjs-layers';

export const EVAL_BATCH = 256;
/** Float32 activations of one evaluation batch, all layers together: 64M elements = 256 MB. */
export const EVAL_ACTIVATION_BUDGET = 64 * 1024 * 1024;

export function evalBatchSize(model: tfl.LayersModel): number {
  const perImage = Math.max(1, activationsPerImage(model.layers));
  return Math.max(1, Math.min(EVAL_BATCH, Math.floor(EVAL_ACTIVATION_BUDGET / perImage)));
}

function activationsPerImage(layers: readonly tfl.layers.Layer[]): number {
  let total = 0;
  for (const layer of layers) {
    const inner = (layer as unknown as { layers?: tfl.layers.Layer[] }).layers;
    if (Array.isArray(inner)) {
      total += activationsPerImage(inner);
      continue;
    }
    const out = layer.outputShape;
    const shapes = (Array.isArray(out[0]) || out.length === 0 ? out : [out]) as (number | null)[][];
    for (const shape of shapes) total += shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
  }
  return total;
}
