// Makes tfjs-layers ask before it allocates a weight. A topology can declare a
// Dense of a billion units while its manifest declares a few bytes; building
// it would allocate the billion before the strict weight load notices. So,
// while a model is built under withWeightBudget, every weight allocation
// (Layer.addWeight, which every layer class uses for every weight, nested
// models, RNN cells and wrappers included) is counted against the manifest's
// elements and refused past them, before it allocates. The weight starts as
// zeros, whatever initializer the config names (strict loading then overwrites
// every weight, as tfjs' own fast weight init does), so a costly or hostile
// initializer never runs. The model keeps its config's initializers, so it
// saves and retrains as it was written.
//
// The hook sits on tfjs-layers' Layer prototype and does nothing unless a
// budget is active; a budget is active only during one synchronous build
// (load-model.ts), so no other code's allocations are counted.
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Thrown by the guard; the loader turns it into a size-limit failure. */
export class WeightBudgetExceeded extends Error {
  constructor(shape: readonly number[], left: number) {
    super(`a weight of shape ${JSON.stringify(shape)} would exceed the ${left} float32 elements the manifest has left`);
    this.name = 'WeightBudgetExceeded';
  }
}

let budget: { left: number } | null = null;
const ZEROS = tfl.initializers.zeros();

type AddWeight = (this: tfl.layers.Layer, name: string, shape: number[], dtype?: tf.DataType, initializer?: unknown, ...rest: unknown[]) => unknown;
// addWeight is public in tfjs-layers' JavaScript; its declared type is narrower than what is replaced here.
const layerPrototype = tfl.layers.Layer.prototype as unknown as { addWeight: AddWeight };
const addWeight = layerPrototype.addWeight;
layerPrototype.addWeight = function guardedAddWeight(this: tfl.layers.Layer, name, shape, dtype, initializer, ...rest) {
  if (budget === null) return addWeight.call(this, name, shape, dtype, initializer, ...rest);
  const n = shape.reduce((a, b) => a * b, 1);
  if (!(n <= budget.left)) throw new WeightBudgetExceeded(shape, budget.left);
  budget.left -= n;
  // Arguments after the initializer: regularizer, trainable, constraint, getInitializerFunc.
  const [regularizer, trainable, constraint] = rest;
  return addWeight.call(this, name, shape, dtype, ZEROS, regularizer, trainable, constraint, () => ZEROS);
};

/** Runs `build` (which must be synchronous) with `elements` float32 elements to spend on weights. */
export function withWeightBudget<T>(elements: number, build: () => T): T {
  if (budget !== null) throw new Error('withWeightBudget: a build is already running under a budget');
  budget = { left: elements };
  try {
    return build();
  } finally {
    budget = null;
  }
}
