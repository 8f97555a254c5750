// Turns checked artifacts into a tfl.LayersModel, and checks what only a built
// model knows: one input [null,H,W,C], one output [null,classes], and no
// non-trainable weight besides BatchNormalization's moving statistics. Any
// failure is a rejection and the half-built model is disposed.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../core/errors.js';
import { MOVING_STATISTICS, MOVING_STATISTICS_LAYER } from './layer-allow-list.js';
import { checkModelFolder, type CheckedArtifacts } from './model-checks.js';
import type { ModelExpectations } from './model-expectations.js';
import { reject, type Rejection } from './reject-reasons.js';

export type LoadedModel = { ok: true; model: tfl.LayersModel } | Rejection;

export async function loadCheckedModel(artifacts: CheckedArtifacts, expect: Pick<ModelExpectations, 'inputShape' | 'numClasses'>, where = 'model'): Promise<LoadedModel> {
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts), { strict: true });
  } catch (e) {
    return reject('load-failed', `${where}: tfjs-layers cannot load it (${String((e as Error).message ?? e).split('\n')[0]})`);
  }
  const bad = checkBuiltModel(model, expect, where);
  if (bad) {
    model.dispose();
    return bad;
  }
  return { ok: true, model };
}

/** checkModelFolder then loadCheckedModel: a folder in, a model or a rejection out. */
export async function loadModelFolder(dir: string, expect: ModelExpectations): Promise<LoadedModel> {
  const checked = checkModelFolder(dir, expect);
  if (!checked.ok) return checked;
  return loadCheckedModel(checked.artifacts, expect, dir);
}

function checkBuiltModel(model: tfl.LayersModel, expect: Pick<ModelExpectations, 'inputShape' | 'numClasses'>, where: string): Rejection | null {
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
  for (const layer of flattenLayers(model.layers)) {
    if (!layer.trainable) return reject('frozen-weights', `${where}: layer ${JSON.stringify(layer.name)} is not trainable, expected every layer trainable`);
    const cls = layer.getClassName();
    for (const w of layer.nonTrainableWeights) {
      if (cls !== MOVING_STATISTICS_LAYER || !MOVING_STATISTICS.test(w.originalName)) {
        return reject('frozen-weights', `${where}: weight ${JSON.stringify(w.originalName)} of ${cls} ${JSON.stringify(layer.name)} is not trainable, expected only BatchNormalization moving statistics`);
      }
    }
  }
  return null;
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
