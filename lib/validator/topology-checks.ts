// Checks a Keras-style topology as plain JSON, before tfjs builds anything:
// only allow-listed layer classes (nested models walked), no frozen layer, only
// float32 layers, and the single input shaped like the dataset's images.
import { describe } from '../core/errors.js';
import { ALLOWED_LAYER_CLASSES, CONTAINER_CLASSES } from './layer-allow-list.js';
import { MAX_MODEL_NESTING } from './model-expectations.js';
import { reject, type Rejection } from './reject-reasons.js';

export interface TopologySummary {
  ok: true;
  /** Layers counted through nested models, containers excluded. */
  layerCount: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A container's layer list: Sequential's legacy form is the array itself. */
function layersOf(config: unknown): unknown[] | null {
  if (Array.isArray(config)) return config;
  if (isObject(config) && Array.isArray(config.layers)) return config.layers;
  return null;
}

function layerName(entry: Record<string, unknown>): string {
  if (typeof entry.name === 'string') return entry.name;
  if (isObject(entry.config) && typeof entry.config.name === 'string') return entry.config.name;
  return '(unnamed)';
}

export function checkTopology(topology: Record<string, unknown>, inputShape: readonly number[], where: string): TopologySummary | Rejection {
  if (typeof topology.class_name !== 'string' || !CONTAINER_CLASSES.has(topology.class_name)) {
    return reject('bad-topology', `${where}: modelTopology.class_name is ${describe(topology.class_name)}, expected a model (${[...CONTAINER_CLASSES].join(', ')})`);
  }
  let layerCount = 0;
  const walk = (model: Record<string, unknown>, path: string, depth: number): Rejection | null => {
    if (depth > MAX_MODEL_NESTING) return reject('bad-topology', `${where}: ${path} nests models ${depth} deep, expected at most ${MAX_MODEL_NESTING}`);
    const layers = layersOf(model.config);
    if (layers === null) return reject('bad-topology', `${where}: ${path}.config has no layers array, expected {layers: [...]}`);
    for (const [i, entry] of layers.entries()) {
      const at = `${path}.layers[${i}]`;
      if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) {
        return reject('bad-topology', `${where}: ${at} is ${describe(entry)}, expected {class_name, config}`);
      }
      const cls = entry.class_name;
      const name = layerName(entry);
      if (entry.config.trainable === false) {
        return reject('frozen-weights', `${where}: layer ${JSON.stringify(name)} (${cls}) has trainable: false, expected every layer trainable`);
      }
      const dtype = entry.config.dtype;
      if (dtype !== undefined && dtype !== null && dtype !== 'float32') {
        return reject('bad-dtype', `${where}: layer ${JSON.stringify(name)} (${cls}) dtype is ${describe(dtype)}, expected "float32"`);
      }
      if (CONTAINER_CLASSES.has(cls)) {
        const bad = walk(entry, `${at}(${name})`, depth + 1);
        if (bad) return bad;
        continue;
      }
      if (!ALLOWED_LAYER_CLASSES.has(cls)) {
        return reject('disallowed-layer', `${where}: layer ${JSON.stringify(name)} is a ${cls}, expected one of ${[...ALLOWED_LAYER_CLASSES].join(', ')}`);
      }
      layerCount++;
    }
    return null;
  };
  const bad = walk(topology, 'modelTopology', 1);
  if (bad) return bad;
  const declared = declaredInputShape(topology);
  const want = [null, ...inputShape];
  if (typeof declared === 'string') return reject('input-shape', `${where}: ${declared}, expected one input of shape ${describe(want)}`);
  if (declared.length !== want.length || !declared.every((d, i) => d === want[i])) {
    return reject('input-shape', `${where}: input shape is ${describe(declared)}, expected ${describe(want)}`);
  }
  return { ok: true, layerCount };
}

/** The top-level model's one batch input shape, or a phrase saying why there is none. */
function declaredInputShape(topology: Record<string, unknown>): unknown[] | string {
  const layers = layersOf(topology.config) ?? [];
  const shapeOf = (entry: unknown): unknown[] | string => {
    if (!isObject(entry) || !isObject(entry.config)) return 'the input layer has no config';
    const s = entry.config.batch_input_shape ?? entry.config.batch_shape;
    return Array.isArray(s) ? s : `layer ${JSON.stringify(layerName(entry))} declares no batch_input_shape`;
  };
  if (topology.class_name === 'Sequential') {
    return layers.length === 0 ? 'the model has no layers' : shapeOf(layers[0]);
  }
  const config = topology.config;
  const inputs = isObject(config) ? config.input_layers : undefined;
  if (!Array.isArray(inputs) || inputs.length !== 1) return `input_layers is ${describe(inputs)}`;
  const ref = inputs[0];
  const name = Array.isArray(ref) ? ref[0] : undefined;
  const entry = layers.find((l) => isObject(l) && layerName(l) === name);
  if (entry === undefined) return `input layer ${describe(name)} is not among the layers`;
  if (!isObject(entry) || entry.class_name !== 'InputLayer') return `input layer ${describe(name)} is not an InputLayer`;
  return shapeOf(entry);
}
