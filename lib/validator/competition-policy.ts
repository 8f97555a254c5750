// The competition's rules as a load policy (lib/model/load/load-policy.ts):
// what a submitted model must be beyond loading at all. Only allow-listed
// layer classes, each with its allowed config keys and value kinds
// (layer-allow-list.ts, layer-config-checks.ts); only known keys on the
// topology, its models and layer entries; every layer trainable and float32;
// plain float32 weights (quantized weights are refused: the download limit is
// meant to bound a float32 model, as upstream's PyTorch models are, and a
// uint8 model would fit four times the parameters under it); one input of the
// dataset's image shape, one output unit per class; and the limits of a small
// image classifier (model-expectations.ts).
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../core/errors.js';
import { quoteUntrusted } from '../core/untrusted-text.js';
import { isJsonObject, type Json, type JsonObject } from '../model/load/canonical-topology.js';
import type { LoadPolicy } from '../model/load/load-policy.js';
import { shown } from '../model/load/shown-value.js';
import { CONTAINER_CLASSES, layersOf, type WalkedLayer, type WalkedModel } from '../model/load/topology-walk.js';
import { isBuffer } from '../eval/params.js';
import { checkLayerConfig } from './layer-config-checks.js';
import {
  ALLOWED_LAYER_CLASSES, FUNCTIONAL_CONFIG_KEYS, LAYER_ENTRY_KEYS, SEQUENTIAL_CONFIG_KEYS, TOPOLOGY_KEYS,
} from './layer-allow-list.js';
import { submissionLimits, type ModelExpectations } from './model-expectations.js';
import { reject, type RejectReason, type Rejection } from './reject-reasons.js';

const SEQUENTIAL_ENTRY_KEYS: ReadonlySet<string> = new Set(['className', 'config']);

function unknownKey(obj: JsonObject, allowed: ReadonlySet<string>): string | undefined {
  return Object.keys(obj).find((k) => !allowed.has(k));
}

export function competitionPolicy(expect: ModelExpectations): LoadPolicy<RejectReason> {
  return {
    limits: submissionLimits(expect),
    quantized: 'refuse',
    topology: checkTopologyKeys,
    model: checkModelKeys,
    entry: (entry, at, sequential, where) => {
      const keys = sequential ? SEQUENTIAL_ENTRY_KEYS : LAYER_ENTRY_KEYS;
      const extra = unknownKey(entry, keys);
      return extra === undefined ? null : reject('unknown-config-key', `${where}: ${at} has key ${quoteUntrusted(extra)}, expected only ${[...keys].join(', ')}`);
    },
    layer: checkLayer,
    walked: (topology, _summary, where) => checkInputShape(topology, expect.inputShape, where),
    built: (model, where) => checkBuiltModel(model, expect, where),
  };
}

function checkTopologyKeys(topology: JsonObject, where: string): Rejection | null {
  const extra = unknownKey(topology, TOPOLOGY_KEYS);
  if (extra !== undefined) return reject('unknown-config-key', `${where}: modelTopology has key ${quoteUntrusted(extra)}, expected only ${[...TOPOLOGY_KEYS].join(', ')}`);
  for (const key of ['kerasVersion', 'backend'] as const) {
    const v = topology[key];
    if (v !== undefined && v !== null && typeof v !== 'string') return reject('bad-topology', `${where}: modelTopology.${key} is ${shown(v)}, expected a string`);
  }
  return null;
}

function checkModelKeys(model: WalkedModel, where: string): Rejection | null {
  const config = model.entry.config;
  // Keras 2.2's Sequential keeps its layers as its config: no keys to check.
  if (!isJsonObject(config)) return null;
  const keys = model.sequential ? SEQUENTIAL_CONFIG_KEYS : FUNCTIONAL_CONFIG_KEYS;
  const extra = unknownKey(config, keys);
  return extra === undefined ? null : reject('unknown-config-key', `${where}: ${model.at}.config has key ${quoteUntrusted(extra)}, expected only ${[...keys].join(', ')}`);
}

function checkLayer(layer: WalkedLayer, where: string): Rejection | null {
  const { className: cls, name, config } = layer;
  const what = `layer ${quoteUntrusted(name)} (${quoteUntrusted(cls)})`;
  if (config.trainable === false) return reject('frozen-weights', `${where}: ${what} has trainable: false, expected every layer trainable`);
  const dtype = config.dtype;
  if (dtype !== undefined && dtype !== null && dtype !== 'float32') return reject('bad-dtype', `${where}: ${what} dtype is ${shown(dtype)}, expected "float32"`);
  if (CONTAINER_CLASSES.has(cls)) return null;
  if (!ALLOWED_LAYER_CLASSES.has(cls)) {
    return reject('disallowed-layer', `${where}: layer ${quoteUntrusted(name)} is a ${quoteUntrusted(cls)}, expected one of ${[...ALLOWED_LAYER_CLASSES].join(', ')}`);
  }
  return checkLayerConfig(cls, name, config, where);
}

function checkInputShape(topology: JsonObject, inputShape: readonly number[], where: string): Rejection | null {
  const declared = declaredInputShape(topology);
  const want = [null, ...inputShape];
  if (typeof declared === 'string') return reject('input-shape', `${where}: ${declared}, expected one input of shape ${describe(want)}`);
  if (declared.length !== want.length || !declared.every((d, i) => d === want[i])) {
    return reject('input-shape', `${where}: input shape is ${shown(declared)}, expected ${describe(want)}`);
  }
  return null;
}

/** The top-level model's one batch input shape, or a phrase saying why there is none. */
function declaredInputShape(topology: JsonObject): Json[] | string {
  const layers = (layersOf(topology) ?? []).filter(isJsonObject);
  const shapeOf = (entry: JsonObject): Json[] | string => {
    const config = isJsonObject(entry.config) ? entry.config : {};
    const s = config.batchInputShape;
    return Array.isArray(s) ? s : `layer ${quoteUntrusted(config.name)} declares no batch_input_shape`;
  };
  if (topology.className === 'Sequential') {
    const first = layers[0];
    return first === undefined ? 'the model has no layers' : shapeOf(first);
  }
  const inputs = isJsonObject(topology.config) ? topology.config.inputLayers : undefined;
  if (!Array.isArray(inputs) || inputs.length !== 1) return `input_layers is ${shown(inputs)}`;
  const ref = inputs[0];
  const name = Array.isArray(ref) ? ref[0] : undefined;
  const entry = layers.find((l) => l.name === name);
  if (entry === undefined) return `input layer ${shown(name)} is not among the layers`;
  if (entry.className !== 'InputLayer') return `input layer ${shown(name)} is not an InputLayer`;
  return shapeOf(entry);
}

/** One input [null,H,W,C], one output [null,classes], no non-trainable weight besides BatchNormalization's moving statistics. */
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
  // A frozen layer's weights all land in nonTrainableWeights, so this also
  // catches trainable: false; weightless layers (InputLayer) do not matter.
  for (const layer of flattenLayers(model.layers)) {
    for (const w of layer.nonTrainableWeights) {
      if (!isBuffer(layer, w)) {
        return reject('frozen-weights', `${where}: weight ${quoteUntrusted(w.originalName)} of ${layer.getClassName()} ${quoteUntrusted(layer.name)} is not trainable, expected only BatchNormalization moving statistics`);
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
