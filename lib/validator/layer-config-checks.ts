// Checks one layer's config (canonical camelCase form) against its class's
// allow-list: every key known, every value of the kind its key allows. A
// value that is an object is where tfjs-layers deserializes a class from its
// global registry (a Dense whose activation is a whole Sequential network
// runs in every forward pass and is counted nowhere), so objects are refused
// everywhere except an initializer of a built-in class, which the loader
// replaces by the weight guard anyway.
import { quoteUntrusted } from '../core/untrusted-text.js';
import { isJsonObject, type Json, type JsonObject } from '../model/load/canonical-topology.js';
import { ACTIVATIONS, INITIALIZERS, configKeysOf, type ConfigValueKind } from './layer-allow-list.js';
import { reject, type Rejection } from './reject-reasons.js';
import { shown } from '../model/load/shown-value.js';

/** `config` of a layer of allowed class `cls`, named `name`, at `at`; null when it passes. */
export function checkLayerConfig(cls: string, name: string, config: JsonObject, where: string): Rejection | null {
  const allowed = configKeysOf(cls);
  const layer = `layer ${quoteUntrusted(name)} (${cls})`;
  if (allowed === undefined) return reject('disallowed-layer', `${where}: ${layer} is not an allowed class`);
  for (const key of Object.keys(config)) {
    const kind: ConfigValueKind | undefined = allowed[key];
    if (kind === undefined) {
      return reject('unknown-config-key', `${where}: ${layer} has config key ${quoteUntrusted(key)}, expected only ${Object.keys(allowed).join(', ')}`);
    }
    const bad = checkValue(kind, config[key] as Json);
    if (bad !== null) return reject('disallowed-config', `${where}: ${layer} config.${key} ${bad}`);
  }
  return null;
}

/** Why `value` is not of `kind` (a phrase), or null. */
function checkValue(kind: ConfigValueKind, value: Json): string | null {
  switch (kind) {
    case 'null':
      // Regularizers and constraints: named so the miner sees what to remove.
      return value === null ? null : `is ${shown(value)}, expected null (regularizers and constraints are not allowed)`;
    case 'activation':
      return typeof value === 'string' && ACTIVATIONS.has(value) ? null : `is ${shown(value)}, expected one of ${[...ACTIVATIONS].join(', ')}`;
    case 'initializer':
      return checkInitializer(value);
    case 'data':
      return plainData(value) ? null : `is ${shown(value)}, expected plain values (numbers, strings, booleans, null or arrays of them), never an object`;
  }
}

function checkInitializer(value: Json): string | null {
  if (typeof value === 'string') return INITIALIZERS.has(value) ? null : `is ${shown(value)}, expected a built-in initializer (${[...INITIALIZERS].slice(0, 15).join(', ')})`;
  if (!isJsonObject(value)) return `is ${shown(value)}, expected a built-in initializer`;
  const extra = Object.keys(value).find((k) => k !== 'className' && k !== 'config');
  if (extra !== undefined) return `has key ${quoteUntrusted(extra)}, expected only className and config`;
  const cls = value.className;
  if (typeof cls !== 'string' || !INITIALIZERS.has(cls)) return `is an initializer of class ${shown(cls)}, expected a built-in initializer`;
  const config = value.config;
  if (!isJsonObject(config)) return `(${cls}) has config ${shown(config)}, expected an object of plain values`;
  for (const [k, v] of Object.entries(config)) {
    if (!plainData(v as Json) || Array.isArray(v)) return `(${cls}) config.${k} is ${shown(v as Json)}, expected a plain value`;
  }
  return null;
}

/** Numbers, strings, booleans, null, and arrays of those (arrays nest, e.g. ZeroPadding2D's [[1,1],[1,1]]). */
function plainData(value: Json): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) && value.every(plainData);
}
