// What a caller of the loader decides: the limits that bound a model's cost
// before anything is allocated, whether quantized weights are dequantized or
// refused, and hooks that add checks of its own at fixed points of the walk
// (the validator passes the competition's allow-list of layer classes and
// config keys and its input/output expectations this way). The general
// checks (load-model.ts) always run; a hook only narrows what loads, and it
// sees the canonical topology, the same object tfjs builds.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { JsonObject } from './canonical-topology.js';
import type { LoadFailure, LoadReason } from './load-failure.js';
import type { TopologySummary, WalkedLayer, WalkedModel } from './topology-walk.js';

export interface LoadLimits {
  /** Bytes of model.json, checked on disk before it is read. */
  maxModelJsonBytes: number;
  /** Float32 bytes the weights take once decoded (quantized ones dequantized): what loading allocates. */
  maxWeightBytes: number;
  /** Models nested in models: bounds recursion. */
  maxModelNesting: number;
  /**
   * Calls of one layer (its inbound nodes, times the calls of the models it is
   * nested in). Sharing a layer adds no weights and no topology entry, yet each
   * call costs a forward pass: one ReLU called 3,000 times in a 53 KB
   * model.json took predict from 12 ms to 853 ms.
   */
  maxLayerUses: number;
  /** Layer calls in the whole model, nested models expanded. */
  maxLayerCalls: number;
  /** Float32 elements all layer calls output for one image, each call counted. */
  maxActivationElements: number;
}

/**
 * Limits for loading any layers model (eval, train, hf://): generous enough
 * for published ImageNet models (InceptionV3 makes about 300 calls and ~30M
 * activation elements at 299x299) and tight enough that a hostile file cannot
 * exhaust memory or time before it is refused.
 */
export const GENERAL_LIMITS: Readonly<LoadLimits> = {
  maxModelJsonBytes: 16 * 1024 * 1024,
  maxWeightBytes: 1024 * 1024 * 1024,
  maxModelNesting: 4,
  maxLayerUses: 16,
  maxLayerCalls: 4096,
  maxActivationElements: 256 * 1024 * 1024,
};

export type PolicyCheck<R extends string, A extends unknown[]> = (...args: A) => LoadFailure<R | LoadReason> | null;

export interface LoadPolicy<R extends string = never> {
  limits: LoadLimits;
  /** Quantized weights (tensorflowjs_converter's uint8, uint16, float16): dequantized as tfjs does, or refused. */
  quantized: 'dequantize' | 'refuse';
  /** The whole canonical topology, before the walk (its top-level keys). */
  topology?: PolicyCheck<R, [topology: JsonObject, where: string]>;
  /** Each model of the walk (the top level and every nested one), before its layers. */
  model?: PolicyCheck<R, [model: WalkedModel, where: string]>;
  /** Each layer entry ({className, config} at least) as the walk reaches it, before its name is checked. */
  entry?: PolicyCheck<R, [entry: JsonObject, at: string, sequential: boolean, where: string]>;
  /** Each layer once its calls are known, before the general checks of its config and uses. */
  layer?: PolicyCheck<R, [layer: WalkedLayer, where: string]>;
  /** After the walk: the whole summary (e.g. the declared input shape). */
  walked?: PolicyCheck<R, [topology: JsonObject, summary: TopologySummary, where: string]>;
  /** The built model, before it is handed back (a failure disposes it). */
  built?: PolicyCheck<R, [model: tfl.LayersModel, where: string]>;
}

/** Everything tfjs-layers loads, within GENERAL_LIMITS; quantized weights dequantized. */
export const GENERAL_POLICY: LoadPolicy = { limits: GENERAL_LIMITS, quantized: 'dequantize' };
