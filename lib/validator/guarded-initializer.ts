// Makes tfjs-layers ask before it allocates a weight. A topology can declare a
// Dense of a billion units while its manifest declares a few bytes; building
// it would allocate the billion before the strict weight load notices. So the
// loader rewrites every weight's initializer to GuardedZeros, which counts the
// elements against the manifest's total and throws before allocating past it.
// Zeros are fine: strict loading then overwrites every weight.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ALLOWED_LAYERS, CONTAINER_CLASSES } from './layer-allow-list.js';

export const GUARDED_INIT_CLASS = 'NaschainGuardedZeros';

/** Thrown by the guard; the loader turns it into a size-limit rejection. */
export class WeightBudgetExceeded extends Error {
  constructor(shape: readonly number[], left: number) {
    super(`a weight of shape ${JSON.stringify(shape)} would exceed the ${left} float32 elements the manifest has left`);
    this.name = 'WeightBudgetExceeded';
  }
}

let budget: { left: number } | null = null;

type InitializerInstance = ReturnType<typeof tfl.initializers.zeros>;
const ZerosBase = tfl.initializers.zeros().constructor as new () => InitializerInstance;

class GuardedZeros extends ZerosBase {
  static className = GUARDED_INIT_CLASS;
  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    if (budget === null || !(n <= budget.left)) throw new WeightBudgetExceeded(shape, budget?.left ?? 0);
    budget.left -= n;
    return super.apply(shape, dtype);
  }
}
// The cast restores fromConfig, which GuardedZeros inherits from Zeros at run
// time but which the constructor type recovered above does not declare.
tf.serialization.registerClass(GuardedZeros as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/** Runs `build` (which must be synchronous) with `elements` float32 elements to spend on weights. */
export function withWeightBudget<T>(elements: number, build: () => T): T {
  budget = { left: elements };
  try {
    return build();
  } finally {
    budget = null;
  }
}

/** A copy of a checked topology whose every weight initializer is the guard (nested models too). */
export function guardInitializers(topology: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(topology);
  const visit = (model: Record<string, unknown>) => {
    const config = model.config;
    const layers = Array.isArray(config) ? config : (config as { layers?: unknown } | undefined)?.layers;
    if (!Array.isArray(layers)) return;
    for (const entry of layers as { class_name: string; config: Record<string, unknown> }[]) {
      if (CONTAINER_CLASSES.has(entry.class_name)) {
        visit(entry as unknown as Record<string, unknown>);
        continue;
      }
      for (const key of ALLOWED_LAYERS.get(entry.class_name) ?? []) entry.config[key] = { class_name: GUARDED_INIT_CLASS, config: {} };
    }
  };
  visit(copy);
  return copy;
}
