// Turns checked artifacts into a tfl.LayersModel, and checks what only a built
// model knows: one input [null,H,W,C], one output [null,classes], activation
// memory per image (each call of a layer counted), and no non-trainable
// weight besides BatchNormalization's moving statistics. Any failure is a
// rejection and the half-built model is disposed. The topology built is the
// canonical one the checks ran on; the topology checks run again here, so a
// caller cannot hand tfjs an unchecked one.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../core/errors.js';
import { quoteUntrusted } from '../core/untrusted-text.js';
import { isCanonical } from './canonical-topology.js';
import { MOVING_STATISTICS, MOVING_STATISTICS_LAYER } from './layer-allow-list.js';
import { checkTopology, layerPath } from './topology-checks.js';
import { checkModelFolder, type CheckedArtifacts } from './model-checks.js';
import { guardInitializers, withWeightBudget, WeightBudgetExceeded } from './guarded-initializer.js';
import { MAX_ACTIVATION_ELEMENTS, type ModelExpectations } from './model-expectations.js';
import { reject, type Rejection } from './reject-reasons.js';

export type LoadedModel = { ok: true; model: tfl.LayersModel } | Rejection;

export async function loadCheckedModel(artifacts: CheckedArtifacts, expect: Pick<ModelExpectations, 'inputShape' | 'numClasses'>, where = 'model'): Promise<LoadedModel> {
  // tfjs converts the topology once more; on a canonical one that changes nothing.
  if (!isCanonical(artifacts.modelTopology)) return reject('load-failed', `${where}: the topology is not in canonical form (canonicalTopology), expected the checked object`);
  const topology = checkTopology(artifacts.modelTopology, expect.inputShape, where);
  if (!topology.ok) return topology;
  const built = await buildModel(artifacts);
  if (!built.ok) return built.overBudget
    ? reject('size-limit', `${where}: the topology's weights are larger than its manifest declares (${built.error})`)
    : reject('load-failed', `${where}: tfjs-layers cannot load it (${built.error})`);
  let bad: Rejection | null;
  try {
    bad = checkBuiltModel(built.model, topology.calls, expect, where);
  } catch (e) {
    // e.g. outputShape of a layer shared with different shapes throws.
    bad = reject('load-failed', `${where}: cannot inspect the built model (${String((e as Error)?.message ?? e).split('\n')[0]})`);
  }
  if (bad) {
    built.model.dispose();
    return bad;
  }
  return { ok: true, model: built.model };
}

/** checkModelFolder then loadCheckedModel: a folder in, a model or a rejection out. */
export async function loadModelFolder(dir: string, expect: ModelExpectations): Promise<LoadedModel> {
  const checked = checkModelFolder(dir, expect);
  if (!checked.ok) return checked;
  return loadCheckedModel(checked.artifacts, expect, dir);
}

function checkBuiltModel(model: tfl.LayersModel, calls: ReadonlyMap<string, number>, expect: Pick<ModelExpectations, 'inputShape' | 'numClasses'>, where: string): Rejection | null {
  const wantIn = [null, ...expect.inputShape];
  const inShapes = model.inputs.map((t) => t.shape);
  if (inShapes.length !== 1 || !sameShape(inShapes[0] ?? [], wantIn)) {
    return reject('input-shape', `${where}: inputs are ${describe(inShapes)}, expected one of shape ${describe(wantIn)}`);
  }
  const wantOut = [null, expect.numClasses];
  const outShapes = model.outputs.map((t) => t.shape);
  if (outShapes.length !== 1 || !sameShape(outShapes[0] ?? [], wantOut)) {
    return reject('output-units', `${where}: outputs are ${describe(outShapes)}, expected one of shape ${describe(wantOut)} (one unit per class)`);
  }
  const activations = activationsPerImage(model, calls);
  if (typeof activations === 'string') return reject('load-failed', `${where}: ${activations}`);
  if (!(activations <= MAX_ACTIVATION_ELEMENTS)) {
    return reject('activation-size', `${where}: layer calls output ${activations} float32 elements per image, expected at most ${MAX_ACTIVATION_ELEMENTS}`);
  }
  // A frozen layer's weights all land in nonTrainableWeights, so this also
  // catches trainable: false; weightless layers (InputLayer) do not matter.
  for (const layer of flattenLayers(model.layers)) {
    const cls = layer.getClassName();
    for (const w of layer.nonTrainableWeights) {
      if (cls !== MOVING_STATISTICS_LAYER || !MOVING_STATISTICS.test(w.originalName)) {
        return reject('frozen-weights', `${where}: weight ${quoteUntrusted(w.originalName)} of ${cls} ${quoteUntrusted(layer.name)} is not trainable, expected only BatchNormalization moving statistics`);
      }
    }
  }
  return null;
}

/**
 * tfl.loadLayersModel leaks the half-built model's variables when a layer or
 * the weights fail, and a validator loads many hostile models in one process.
 * So the model is built here and on failure the variables it created are
 * disposed. modelFromJSON without a manifest deserializes before returning its
 * promise (it has no await on that path), so the variables registered between
 * the call and its return are exactly this model's, even with other loads
 * running, and the weight budget (see guarded-initializer.ts) covers exactly
 * this model's allocations.
 */
async function buildModel(artifacts: CheckedArtifacts): Promise<{ ok: true; model: tfl.LayersModel } | { ok: false; error: string; overBudget: boolean }> {
  const engine = tf.engine();
  const before = new Set(Object.keys(engine.registeredVariables));
  const elements = artifacts.weightData.byteLength / 4;
  const topology = guardInitializers(artifacts.modelTopology);
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

/**
 * Float32 elements all layer calls output for one image (batch dimension
 * left out): each layer's output size times its calls (nested models
 * expanded), as the topology checks counted them. A phrase when a built layer
 * is not one the checks saw.
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

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Layers of nested models too: a nested model is itself a layer with layers. */
function flattenLayers(layers: readonly tfl.layers.Layer[]): tfl.layers.Layer[] {
  const out: tfl.layers.Layer[] = [];
  for (const l of layers) {
    out.push(l);
    const inner = (l as unknown as { layers?: tfl.layers.Layer[] }).layers;
    if (Array.isArray(inner)) out.push(...flattenLayers(inner));
  }
  return out;
}
