// Checks a topology in canonical form (canonical-topology.ts: the camelCase
// object tfjs-layers will build), before tfjs builds anything: the outline of
// each model (known keys only), only allow-listed layer classes with only
// their allowed config keys (nested models walked), safe names, no frozen
// layer, only float32 layers, a call graph tfjs can build, a bound on calls
// per layer and in all, and the single input shaped like the dataset's images.
import { describe } from '../core/errors.js';
import { quoteUntrusted } from '../core/untrusted-text.js';
import { isJsonObject, type Json, type JsonObject } from './canonical-topology.js';
import {
  ALLOWED_LAYER_CLASSES, CONTAINER_CLASSES, FUNCTIONAL_CONFIG_KEYS, LAYER_ENTRY_KEYS, SEQUENTIAL_CONFIG_KEYS, TOPOLOGY_KEYS,
} from './layer-allow-list.js';
import { checkLayerConfig } from './layer-config-checks.js';
import { checkFunctionalGraph, type GraphLayer } from './layer-graph.js';
import { MAX_LAYER_CALLS, MAX_LAYER_USES, MAX_MODEL_NESTING } from './model-expectations.js';
import { reject, type Rejection } from './reject-reasons.js';
import { shown } from './shown-value.js';

export interface TopologySummary {
  ok: true;
  /** Layers counted through nested models, containers excluded. */
  layerCount: number;
  /** Calls of each layer, nested models expanded, keyed by layerPath(). */
  calls: ReadonlyMap<string, number>;
  /** Sum of `calls`. */
  totalCalls: number;
}

/** The key of a layer in TopologySummary.calls: the names of the models it is nested in, then its own. */
export const layerPath = (models: readonly string[], name: string): string => [...models, name].join('/');

/** Names tfjs uses as plain-object keys: no prototype names, nothing a terminal acts on. */
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

function checkName(name: unknown, what: string, where: string): Rejection | null {
  if (typeof name !== 'string') return reject('bad-topology', `${where}: ${what} has name ${shown(name)}, expected a string`);
  if (!SAFE_NAME.test(name) || name in Object.prototype) {
    return reject('bad-layer-name', `${where}: ${what} is named ${quoteUntrusted(name)}, expected 1 to 128 of A-Z a-z 0-9 _ . - (and not a name every JavaScript object has)`);
  }
  return null;
}

function unknownKey(obj: JsonObject, allowed: ReadonlySet<string>): string | undefined {
  return Object.keys(obj).find((k) => !allowed.has(k));
}

export function checkTopology(topology: JsonObject, inputShape: readonly number[], where: string): TopologySummary | Rejection {
  const extra = unknownKey(topology, TOPOLOGY_KEYS);
  if (extra !== undefined) return reject('unknown-config-key', `${where}: modelTopology has key ${quoteUntrusted(extra)}, expected only ${[...TOPOLOGY_KEYS].join(', ')}`);
  for (const key of ['kerasVersion', 'backend'] as const) {
    const v = topology[key];
    if (v !== undefined && v !== null && typeof v !== 'string') return reject('bad-topology', `${where}: modelTopology.${key} is ${shown(v)}, expected a string`);
  }
  if (typeof topology.className !== 'string' || !CONTAINER_CLASSES.has(topology.className)) {
    return reject('bad-topology', `${where}: modelTopology.className is ${shown(topology.className)}, expected a model (${[...CONTAINER_CLASSES].join(', ')})`);
  }
  let layerCount = 0;
  let totalCalls = 0;
  const calls = new Map<string, number>();

  /** Checks one model; `times` is how often it is called (1 for the top level). */
  const walk = (model: JsonObject, models: string[], depth: number, times: number): Rejection | null => {
    const at = models.length === 0 ? 'modelTopology' : `model ${quoteUntrusted(models.join('/'))}`;
    if (depth > MAX_MODEL_NESTING) return reject('bad-topology', `${where}: ${at} nests models ${depth} deep, expected at most ${MAX_MODEL_NESTING}`);
    const sequential = model.className === 'Sequential';
    const config = model.config;
    if (!isJsonObject(config) || !Array.isArray(config.layers)) return reject('bad-topology', `${where}: ${at}.config has no layers array, expected {layers: [...]}`);
    const configKeys = sequential ? SEQUENTIAL_CONFIG_KEYS : FUNCTIONAL_CONFIG_KEYS;
    const extraKey = unknownKey(config, configKeys);
    if (extraKey !== undefined) return reject('unknown-config-key', `${where}: ${at}.config has key ${quoteUntrusted(extraKey)}, expected only ${[...configKeys].join(', ')}`);
    if (config.name !== undefined) {
      const bad = checkName(config.name, at, where);
      if (bad) return bad;
    }
    const entries: { entry: JsonObject; cls: string; name: string; config: JsonObject }[] = [];
    const seen = new Set<string>();
    for (const [i, entry] of config.layers.entries()) {
      const lat = `${at}.config.layers[${i}]`;
      if (!isJsonObject(entry) || typeof entry.className !== 'string' || !isJsonObject(entry.config)) {
        return reject('bad-topology', `${where}: ${lat} is ${shown(entry)}, expected {className, config}`);
      }
      const entryKeys = sequential ? new Set(['className', 'config']) : LAYER_ENTRY_KEYS;
      const extraEntryKey = unknownKey(entry, entryKeys);
      if (extraEntryKey !== undefined) return reject('unknown-config-key', `${where}: ${lat} has key ${quoteUntrusted(extraEntryKey)}, expected only ${[...entryKeys].join(', ')}`);
      const name = entry.config.name;
      const badName = checkName(name, lat, where);
      if (badName) return badName;
      const n = name as string;
      // tfjs files a functional model's layers under entry.name but calls them by config.name.
      if (!sequential && entry.name !== n) return reject('bad-topology', `${where}: ${lat} is named ${shown(entry.name)} but its config says ${quoteUntrusted(n)}, expected the same name`);
      if (seen.has(n)) return reject('bad-topology', `${where}: ${at} has two layers named ${quoteUntrusted(n)}, expected unique names`);
      seen.add(n);
      entries.push({ entry, cls: entry.className, name: n, config: entry.config });
    }
    let layerCalls: ReadonlyMap<string, number>;
    if (sequential) {
      layerCalls = new Map(entries.map((e) => [e.name, 1]));
    } else {
      const graph: GraphLayer[] = entries.map((e) => ({
        name: e.name, className: e.cls, startsWithNode: e.cls === 'InputLayer' || CONTAINER_CLASSES.has(e.cls), inboundNodes: e.entry.inboundNodes ?? null,
      }));
      const checked = checkFunctionalGraph(graph, config.inputLayers ?? null, config.outputLayers ?? null, at, where);
      if (!checked.ok) return checked;
      layerCalls = checked.calls;
    }
    for (const { entry, cls, name, config: layerConfig } of entries) {
      const layer = `layer ${quoteUntrusted(name)}`;
      const what = `${layer} (${quoteUntrusted(cls)})`;
      if (layerConfig.trainable === false) return reject('frozen-weights', `${where}: ${what} has trainable: false, expected every layer trainable`);
      const dtype = layerConfig.dtype;
      if (dtype !== undefined && dtype !== null && dtype !== 'float32') return reject('bad-dtype', `${where}: ${what} dtype is ${shown(dtype)}, expected "float32"`);
      const used = (layerCalls.get(name) ?? 0) * times;
      if (CONTAINER_CLASSES.has(cls)) {
        // Its inner layers run once per call of the nested model.
        const bad = walk(entry, [...models, name], depth + 1, used);
        if (bad) return bad;
        continue;
      }
      if (!ALLOWED_LAYER_CLASSES.has(cls)) {
        return reject('disallowed-layer', `${where}: ${layer} is a ${quoteUntrusted(cls)}, expected one of ${[...ALLOWED_LAYER_CLASSES].join(', ')}`);
      }
      const bad = checkLayerConfig(cls, name, layerConfig, where);
      if (bad) return bad;
      if (used > MAX_LAYER_USES) return reject('layer-uses', `${where}: ${what} is called ${used} times, expected at most ${MAX_LAYER_USES}`);
      totalCalls += used;
      if (totalCalls > MAX_LAYER_CALLS) return reject('total-uses', `${where}: the model makes more than ${MAX_LAYER_CALLS} layer calls (reached at ${what}), expected at most ${MAX_LAYER_CALLS}`);
      calls.set(layerPath(models, name), used);
      layerCount++;
    }
    return null;
  };
  const bad = walk(topology, [], 1, 1);
  if (bad) return bad;
  const declared = declaredInputShape(topology);
  const want = [null, ...inputShape];
  if (typeof declared === 'string') return reject('input-shape', `${where}: ${declared}, expected one input of shape ${describe(want)}`);
  if (declared.length !== want.length || !declared.every((d, i) => d === want[i])) {
    return reject('input-shape', `${where}: input shape is ${shown(declared)}, expected ${describe(want)}`);
  }
  return { ok: true, layerCount, calls, totalCalls };
}

/** The top-level model's one batch input shape, or a phrase saying why there is none. */
function declaredInputShape(topology: JsonObject): Json[] | string {
  const config = topology.config as JsonObject;
  const layers = (config.layers as Json[]).filter(isJsonObject);
  const shapeOf = (entry: JsonObject): Json[] | string => {
    const s = (entry.config as JsonObject).batchInputShape;
    return Array.isArray(s) ? s : `layer ${quoteUntrusted((entry.config as JsonObject).name)} declares no batch_input_shape`;
  };
  if (topology.className === 'Sequential') {
    const first = layers[0];
    return first === undefined ? 'the model has no layers' : shapeOf(first);
  }
  const inputs = config.inputLayers;
  if (!Array.isArray(inputs) || inputs.length !== 1) return `input_layers is ${shown(inputs)}`;
  const ref = inputs[0];
  const name = Array.isArray(ref) ? ref[0] : undefined;
  const entry = layers.find((l) => l.name === name);
  if (entry === undefined) return `input layer ${shown(name)} is not among the layers`;
  if (entry.className !== 'InputLayer') return `input layer ${shown(name)} is not an InputLayer`;
  return shapeOf(entry);
}
