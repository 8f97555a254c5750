// Turns checked artifacts into a tfl.LayersModel, and checks what only a built
// model knows: the activation memory per image (each call of a layer counted)
// and whatever the policy checks on the built model. Any failure is returned
// and the half-built model is disposed. The topology built is the canonical
// one the checks ran on; the topology walk runs again here, so a caller cannot
// hand tfjs an unchecked one.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { quoteUntrusted } from '../../core/untrusted-text.js';
import { isCanonical } from './canonical-topology.js';
import { fail, type LoadFailure, type LoadReason } from './load-failure.js';
import type { LoadPolicy } from './load-policy.js';
import type { CheckedArtifacts } from './read-checked.js';
import { layerPath, walkTopology } from './topology-walk.js';
import { withWeightBudget, WeightBudgetExceeded } from './weight-budget.js';

export type LoadedModel<R extends string = never> = { ok: true; model: tfl.LayersModel } | LoadFailure<R | LoadReason>;

export async function buildCheckedModel<R extends string>(artifacts: CheckedArtifacts, policy: LoadPolicy<R>, where = 'model'): Promise<LoadedModel<R>> {
  // tfjs converts the topology once more; on a canonical one that changes nothing.
  if (!isCanonical(artifacts.modelTopology)) return fail('load-failed', `${where}: the topology is not in canonical form (canonicalTopology), expected the checked object`);
  const topology = walkTopology(artifacts.modelTopology, policy, where);
  if (!topology.ok) return topology;
  const built = await buildModel(artifacts);
  if (!built.ok) return built.overBudget
    ? fail('size-limit', `${where}: the topology's weights are larger than its manifest declares (${built.error})`)
    : fail('load-failed', `${where}: tfjs-layers cannot load it (${built.error})`);
  let bad: LoadFailure<R | LoadReason> | null;
  try {
    bad = policy.built?.(built.model, where) ?? activationCheck(built.model, topology.calls, policy.limits.maxActivationElements, where);
  } catch (e) {
    // e.g. outputShape of a layer shared with different shapes throws.
    bad = fail('load-failed', `${where}: cannot inspect the built model (${String((e as Error)?.message ?? e).split('\n')[0]})`);
  }
  if (bad) {
    built.model.dispose();
    return bad;
  }
  return { ok: true, model: built.model };
}

/**
 * tfl.loadLayersModel leaks the half-built model's variables when a layer or
 * the weights fail, and a validator loads many hostile models in one process.
 * So the model is built here and on failure the variables it created are
 * disposed. modelFromJSON without a manifest deserializes before returning its
 * promise (it has no await on that path), so the variables registered between
 * the call and its return are exactly this model's, even with other loads
 * running, and the weight budget (see weight-budget.ts) covers exactly
 * this model's allocations.
 */
async function buildModel(artifacts: CheckedArtifacts): Promise<{ ok: true; model: tfl.LayersModel } | { ok: false; error: string; overBudget: boolean }> {
  const engine = tf.engine();
  const before = new Set(Object.keys(engine.registeredVariables));
  const elements = artifacts.weightData.byteLength / 4;
  // modelFromJSON reads the object it is given: a copy keeps the checked artifacts as they were.
  const topology = structuredClone(artifacts.modelTopology);
  let pending: Promise<tfl.LayersModel> | undefined;
  try {
    pending = withWeightBudget(elements, () => tfl.models.modelFromJSON({ modelTopology: topology } as unknown as tfl.ModelAndWeightsConfig));
  } catch (e) {
    pending = Promise.reject(e);
  }
  const created = Object.keys(engine.registeredVariables).filter((name) => !before.has(name));
  let model: tfl.LayersModel | undefined;
  let weights: tf.NamedTensorMap | undefined;
  try {
    model = await pending;
    weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
    model.loadWeights(weights, true);
    return { ok: true, model };
  } catch (e) {
    for (const name of created) engine.registeredVariables[name]?.dispose();
    return { ok: false, error: String((e as Error)?.message ?? e).split('\n')[0] ?? '', overBudget: e instanceof WeightBudgetExceeded };
  } finally {
    if (weights) tf.dispose(Object.values(weights));
  }
}

function activationCheck(model: tfl.LayersModel, calls: ReadonlyMap<string, number>, max: number, where: string): LoadFailure | null {
  const activations = activationsPerImage(model, calls);
  if (typeof activations === 'string') return fail('load-failed', `${where}: ${activations}`);
  if (!(activations <= max)) {
    return fail('activation-size', `${where}: layer calls output ${activations} float32 elements per image, expected at most ${max}`);
  }
  return null;
}

/**
 * Float32 elements all layer calls output for one image (batch dimension
 * left out; a free dimension counts 1): each layer's output size times its
 * calls (nested models expanded), as the topology walk counted them. A phrase
 * when a built layer is not one the walk saw.
 */
function activationsPerImage(model: tfl.LayersModel, calls: ReadonlyMap<string, number>): number | string {
  let total = 0;
  const visit = (layers: readonly tfl.layers.Layer[], models: string[]): string | null => {
    for (const layer of layers) {
      const inner = (layer as unknown as { layers?: tfl.layers.Layer[] }).layers;
      if (Array.isArray(inner)) {
        const bad = visit(inner, [...models, layer.name]);
        if (bad) return bad;
        continue;
      }
      let used = calls.get(layerPath(models, layer.name));
      // A nested Sequential makes its own input layer, which the topology does not list.
      if (used === undefined && layer.getClassName() === 'InputLayer') used = 1;
      if (used === undefined) return `built layer ${quoteUntrusted(layerPath(models, layer.name))} is not in the checked topology`;
      const out = layer.outputShape;
      const shapes = (Array.isArray(out[0]) || out.length === 0 ? out : [out]) as (number | null)[][];
      for (const shape of shapes) total += used * shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
    }
    return null;
  };
  const bad = visit(model.layers, []);
  return bad ?? total;
}
