// Makes tfjs-layers ask before it allocates a weight. A topology can declare a
// Dense of a billion units while its manifest declares a few bytes; building
// it would allocate the billion before the strict weight load notices. So the
// loader rewrites every weight's initializer to GuardedZeros, which counts the
// elements against the manifest's total and throws before allocating past it.
// Zeros are fine: strict loading then overwrites every weight.
//
// The rewrite works on the canonical topology (camelCase keys, as tfjs builds
// it): rewriting a snake_case key next to a camelCase one would leave the one
// tfjs reads (the later of the two) unguarded; canonical-topology.ts refuses
// such pairs, and every initializer key an allowed class has is rewritten
// whether or not the submitted config names it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isJsonObject, type JsonObject } from './canonical-topology.js';
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

/** A copy of a canonical, checked topology whose every weight initializer is the guard (nested models too). */
export function guardInitializers(topology: JsonObject): JsonObject {
  const copy = structuredClone(topology);
  const visit = (model: JsonObject) => {
    const config = model.config;
    const layers = isJsonObject(config) ? config.layers : undefined;
    if (!Array.isArray(layers)) return;
    for (const entry of layers) {
      if (!isJsonObject(entry) || typeof entry.className !== 'string' || !isJsonObject(entry.config)) continue;
      if (CONTAINER_CLASSES.has(entry.className)) {
        visit(entry);
        continue;
      }
      for (const key of ALLOWED_LAYERS.get(entry.className) ?? []) entry.config[key] = { className: GUARDED_INIT_CLASS, config: {} };
    }
  };
  visit(copy);
  return copy;
}
