// MACs of one forward pass of one image: walks the model's graph, propagates
// concrete shapes from the given input shape, and sums each layer's counter.
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError, invalid } from '../../core/errors.js';
import { MAC_COUNTERS } from './registry.js';
import type { ConcreteShape } from './types.js';

export interface MacCount {
  total: number;
  /** Per layer name, for reports and debugging. */
  perLayer: Record<string, number>;
}

type Shape = (number | null)[];

function concrete(shape: Shape, where: string): ConcreteShape {
  return shape.map((d, i) => {
    if (i === 0) return 1;
    if (d === null) throw new NaschainError('UNSUPPORTED', `MAC count: ${where} has an unknown dimension ${i} (${JSON.stringify(shape)})`);
    return d;
  });
}

/** `inputShape` is one image without the batch axis, e.g. [32, 32, 3]. */
export function countMacs(model: tfl.LayersModel, inputShape: number[]): MacCount {
  if (model.inputs.length !== 1) throw invalid('MAC count model inputs', model.inputs.length, 'exactly 1');
  if (!inputShape.every((d) => Number.isInteger(d) && d > 0)) throw invalid('MAC count input shape', inputShape, 'positive integers');
  const shapes = new Map<number, Shape>();
  shapes.set((model.inputs[0] as tfl.SymbolicTensor).id, [1, ...inputShape]);
  const perLayer: Record<string, number> = {};
  let total = 0;
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes) {
      const ins = node.inputTensors.map((t) => shapes.get(t.id));
      if (ins.length === 0 || ins.some((s) => s === undefined)) continue; // an input layer, or a node of another model
      const inShapes = ins as Shape[];
      const out = layer.computeOutputShape(inShapes.length === 1 ? (inShapes[0] as Shape) : inShapes) as Shape | Shape[];
      const outs: Shape[] = Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape];
      node.outputTensors.forEach((t, i) => shapes.set(t.id, outs[i] ?? (outs[0] as Shape)));
      const className = layer.getClassName();
      let macs: number;
      if (isModel(layer)) {
        macs = countMacs(layer, concrete(inShapes[0] as Shape, layer.name).slice(1)).total;
      } else {
        const counter = MAC_COUNTERS.get(className);
        if (!counter) throw new NaschainError('UNSUPPORTED', `MAC count: layer ${layer.name} has class ${className}, which has no MAC counter`);
        macs = counter(layer, inShapes.map((s) => concrete(s, `input of layer ${layer.name}`)), concrete(outs[0] as Shape, `output of layer ${layer.name}`));
      }
      perLayer[layer.name] = (perLayer[layer.name] ?? 0) + macs;
      total += macs;
    }
  }
  return { total, perLayer };
}

function isModel(layer: tfl.layers.Layer): layer is tfl.LayersModel {
  return 'layers' in layer && Array.isArray((layer as { layers?: unknown }).layers);
}
