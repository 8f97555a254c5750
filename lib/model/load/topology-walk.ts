// Walks a canonical topology (camelCase, as tfjs-layers builds it) the way
// tfjs-layers' fromConfig will: the top-level model, each layer entry, each
// nested model (Sequential, Model, Functional) inside, and for functional
// models the call graph (layer-graph.ts). What any layers model must be is
// checked here: entries of the right shape, names tfjs can use as keys,
// nesting and calls within the limits, every layer's calls counted (a layer
// applied N times is N uses of time and memory), and no config value that
// would make tfjs deserialize a network hidden inside a layer. A load policy
// adds its own checks at fixed points (load-policy.ts).
import { quoteUntrusted } from '../../core/untrusted-text.js';
import { isJsonObject, type Json, type JsonObject } from './canonical-topology.js';
import { checkFunctionalGraph, type GraphLayer } from './layer-graph.js';
import { fail, type LoadFailure, type LoadReason } from './load-failure.js';
import type { LoadPolicy } from './load-policy.js';
import { shown } from './shown-value.js';

/** Model classes whose layers are walked like the top level's. */
export const CONTAINER_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);

/** Config keys whose value tfjs resolves as an activation function: a name, never a serialized object. */
const ACTIVATION_KEYS: ReadonlySet<string> = new Set(['activation', 'recurrentActivation']);

export interface WalkedModel {
  /** The model's entry ({className, config, ...}); the top level is the topology itself. */
  entry: JsonObject;
  className: string;
  /** Names of the models it is nested in, then its own; empty for the top level. */
  models: string[];
  /** Where it is, for messages: "modelTopology" or model "outer/inner". */
  at: string;
  sequential: boolean;
}

export interface WalkedLayer {
  entry: JsonObject;
  className: string;
  name: string;
  config: JsonObject;
  /** Names of the models it is nested in (outermost first). */
  models: string[];
  /** Where its entry is, for messages, e.g. modelTopology.config.layers[3]. */
  at: string;
  sequential: boolean;
  /** Calls of this layer, nested models expanded; 0 until the call graph is checked. */
  uses: number;
}

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

export function checkName(name: unknown, what: string, where: string): LoadFailure | null {
  if (typeof name !== 'string') return fail('bad-topology', `${where}: ${what} has name ${shown(name)}, expected a string`);
  if (!SAFE_NAME.test(name) || name in Object.prototype) {
    return fail('bad-layer-name', `${where}: ${what} is named ${quoteUntrusted(name)}, expected 1 to 128 of A-Z a-z 0-9 _ . - (and not a name every JavaScript object has)`);
  }
  return null;
}

/** The layer entries of a model: config.layers, or the config itself in Keras 2.2's Sequential format. */
export function layersOf(model: JsonObject): Json[] | undefined {
  const config = model.config;
  if (Array.isArray(config)) return model.className === 'Sequential' ? config : undefined;
  return isJsonObject(config) && Array.isArray(config.layers) ? config.layers : undefined;
}

export function walkTopology<R extends string>(topology: JsonObject, policy: LoadPolicy<R>, where: string): TopologySummary | LoadFailure<R | LoadReason> {
  const { limits } = policy;
  const top = policy.topology?.(topology, where);
  if (top) return top;
  if (typeof topology.className !== 'string' || !CONTAINER_CLASSES.has(topology.className)) {
    return fail('bad-topology', `${where}: modelTopology.className is ${shown(topology.className)}, expected a model (${[...CONTAINER_CLASSES].join(', ')})`);
  }
  let layerCount = 0;
  let totalCalls = 0;
  const calls = new Map<string, number>();

  /** Checks one model; `times` is how often it is called (1 for the top level). */
  const walk = (entry: JsonObject, models: string[], depth: number, times: number): LoadFailure<R | LoadReason> | null => {
    const at = models.length === 0 ? 'modelTopology' : `model ${quoteUntrusted(models.join('/'))}`;
    if (depth > limits.maxModelNesting) return fail('bad-topology', `${where}: ${at} nests models ${depth} deep, expected at most ${limits.maxModelNesting}`);
    const sequential = entry.className === 'Sequential';
    const layers = layersOf(entry);
    if (layers === undefined) return fail('bad-topology', `${where}: ${at}.config has no layers array, expected {layers: [...]}`);
    const config = isJsonObject(entry.config) ? entry.config : {};
    const own = policy.model?.({ entry, className: entry.className as string, models, at, sequential }, where);
    if (own) return own;
    if (config.name !== undefined) {
      const bad = checkName(config.name, at, where);
      if (bad) return bad;
    }
    const walked: WalkedLayer[] = [];
    const seen = new Set<string>();
    for (const [i, layerEntry] of layers.entries()) {
      const lat = `${at}.config.layers[${i}]`;
      if (!isJsonObject(layerEntry) || typeof layerEntry.className !== 'string' || !isJsonObject(layerEntry.config)) {
        // A nested Keras 2.2 Sequential keeps its layers as its config.
        const legacy = isJsonObject(layerEntry) && layerEntry.className === 'Sequential' && Array.isArray(layerEntry.config);
        if (!legacy) return fail('bad-topology', `${where}: ${lat} is ${shown(layerEntry)}, expected {className, config}`);
      }
      const e = layerEntry as JsonObject;
      const bad = policy.entry?.(e, lat, sequential, where);
      if (bad) return bad;
      const layerConfig = isJsonObject(e.config) ? e.config : {};
      const name = layerConfig.name ?? e.name;
      const badName = checkName(name, lat, where);
      if (badName) return badName;
      const n = name as string;
      const layer: WalkedLayer = { entry: e, className: e.className as string, name: n, config: layerConfig, models, at: lat, sequential, uses: 0 };
      // tfjs files a functional model's layers under entry.name but calls them by config.name.
      if (!sequential && e.name !== n) return fail('bad-topology', `${where}: ${lat} is named ${shown(e.name)} but its config says ${quoteUntrusted(n)}, expected the same name`);
      if (seen.has(n)) return fail('bad-topology', `${where}: ${at} has two layers named ${quoteUntrusted(n)}, expected unique names`);
      seen.add(n);
      walked.push(layer);
    }
    let layerCalls: ReadonlyMap<string, number>;
    if (sequential) {
      layerCalls = new Map(walked.map((l) => [l.name, 1]));
    } else {
      const graph: GraphLayer[] = walked.map((l) => ({
        name: l.name, className: l.className, startsWithNode: l.className === 'InputLayer' || CONTAINER_CLASSES.has(l.className), inboundNodes: l.entry.inboundNodes ?? null,
      }));
      const checked = checkFunctionalGraph(graph, config.inputLayers ?? null, config.outputLayers ?? null, at, where);
      if (!checked.ok) return checked;
      layerCalls = checked.calls;
    }
    for (const layer of walked) {
      layer.uses = (layerCalls.get(layer.name) ?? 0) * times;
      const bad = policy.layer?.(layer, where);
      if (bad) return bad;
      if (CONTAINER_CLASSES.has(layer.className)) {
        // Its inner layers run once per call of the nested model.
        const inner = walk(layer.entry, [...models, layer.name], depth + 1, layer.uses);
        if (inner) return inner;
        continue;
      }
      const what = `layer ${quoteUntrusted(layer.name)} (${quoteUntrusted(layer.className)})`;
      const hidden = hiddenClass(layer.config, 'config');
      if (hidden) return fail('disallowed-config', `${where}: ${what} ${hidden}`);
      if (layer.uses > limits.maxLayerUses) return fail('layer-uses', `${where}: ${what} is called ${layer.uses} times, expected at most ${limits.maxLayerUses}`);
      totalCalls += layer.uses;
      if (totalCalls > limits.maxLayerCalls) return fail('total-uses', `${where}: the model makes more than ${limits.maxLayerCalls} layer calls (reached at ${what}), expected at most ${limits.maxLayerCalls}`);
      calls.set(layerPath(models, layer.name), layer.uses);
      layerCount++;
    }
    return null;
  };
  const bad = walk(topology, [], 1, 1);
  if (bad) return bad;
  const summary: TopologySummary = { ok: true, layerCount, calls, totalCalls };
  return policy.walked?.(topology, summary, where) ?? summary;
}

/**
 * Where a layer config would make tfjs build a network it never lists: an
 * activation given as a serialized object (tfjs deserializes it from its
 * global class registry, where every layer and model class is), or a
 * serialized model anywhere in the config. A phrase, or null.
 */
function hiddenClass(value: Json, path: string): string | null {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = hiddenClass(v, `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (!isJsonObject(value)) return null;
  if (typeof value.className === 'string' && CONTAINER_CLASSES.has(value.className)) {
    return `${path} is ${shown(value)}, expected no model inside a layer's config`;
  }
  for (const key of Object.keys(value)) {
    const v = value[key] as Json;
    if (ACTIVATION_KEYS.has(key) && typeof v !== 'string' && v !== null) return `${path}.${key} is ${shown(v)}, expected an activation name`;
    const bad = hiddenClass(v, `${path}.${key}`);
    if (bad) return bad;
  }
  return null;
}
