// The one form of a submitted topology that is both checked and built.
// tfjs-layers' modelFromJSON does not build the JSON it is given: it first
// camel-cases every key and every string value (convertPythonicToTs in
// tfjs-layers/src/utils/serialization_utils.ts), and when two keys meet
// (`class_name` and `className`) the later one silently wins. Checks on the
// raw snake_case keys therefore checked something else than what was built.
// So the raw topology is converted here exactly as tfjs-layers converts it,
// keys that would collide are refused, nesting is bounded (the conversion
// recurses), and every check runs on the result, which is also what the
// loader hands to tfjs. Converting the result again changes nothing
// (isCanonical), so tfjs' own conversion is a no-op on it.
import { quoteUntrusted } from '../../core/untrusted-text.js';
import { fail, type LoadFailure } from './load-failure.js';

/** Depth of arrays and objects in a topology: a deep net nests about 12; the conversion must not overflow the stack. */
export const MAX_TOPOLOGY_DEPTH = 40;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** tfjs-layers' toCamelCase (utils/generic_utils.ts), the same regular expression. */
export function toCamelCase(identifier: string): string {
  if (identifier.length <= 1) return identifier;
  if (!identifier.includes('_')) return identifier;
  return identifier.replace(/[_]+(\w|$)/g, (_m, p1: string) => p1.toUpperCase());
}

/** tfjs leaves layer names alone where it expects them: index 0 of arrays under these keys. */
function isLayerNameSlot(key: string | undefined, index: number, value: unknown): boolean {
  return (key === 'inboundNodes' || key === 'outputLayers' || key === 'inputLayers') && index === 0 && typeof value === 'string';
}

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `raw` as tfjs-layers' convertPythonicToTs would make it, or a rejection
 * when two keys of one object become the same key (`key-collision`) or the
 * nesting is deeper than MAX_TOPOLOGY_DEPTH (`json-too-deep`).
 */
export function canonicalTopology(raw: unknown, where: string): { ok: true; topology: JsonObject } | LoadFailure {
  let bad: LoadFailure | null = null;
  const convert = (value: unknown, key: string | undefined, path: string, depth: number): Json => {
    if (bad) return null;
    if (value === null) return null;
    if (typeof value === 'string') return toCamelCase(value);
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (depth > MAX_TOPOLOGY_DEPTH) {
      bad = fail('json-too-deep', `${where}: ${path} nests arrays or objects more than ${MAX_TOPOLOGY_DEPTH} deep, expected a plain layers topology`);
      return null;
    }
    if (Array.isArray(value)) {
      return value.map((item: unknown, i) => (isLayerNameSlot(key, i, item) ? (item as string) : convert(item, key, `${path}[${i}]`, depth + 1)));
    }
    if (typeof value !== 'object') {
      bad = fail('bad-topology', `${where}: ${path} is a ${typeof value}, expected JSON data`);
      return null;
    }
    const out: JsonObject = {};
    const from = new Map<string, string>();
    for (const rawKey of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[rawKey];
      // tfjs keeps a string `name` as it is: layer and model names are not camel-cased.
      const tsKey = rawKey === 'name' && typeof v === 'string' ? rawKey : toCamelCase(rawKey);
      const earlier = from.get(tsKey);
      if (earlier !== undefined) {
        bad = fail('key-collision', `${where}: ${path} has keys ${quoteUntrusted(earlier)} and ${quoteUntrusted(rawKey)}, which tfjs-layers reads as the same key ${quoteUntrusted(tsKey)}; expected each key once`);
        return null;
      }
      from.set(tsKey, rawKey);
      const converted = tsKey === 'name' && rawKey === 'name' && typeof v === 'string' ? v : convert(v, tsKey, `${path}.${tsKey}`, depth + 1);
      // defineProperty: a key is data here, never the object's prototype.
      Object.defineProperty(out, tsKey, { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const topology = convert(raw, undefined, 'modelTopology', 1);
  if (bad) return bad;
  if (!isJsonObject(topology)) return fail('not-layers-model', `${where}: modelTopology is not an object, expected a layers topology {class_name, config}`);
  return { ok: true, topology };
}

/** True when converting `topology` again gives the same value: what tfjs' conversion will do to it is nothing. */
export function isCanonical(topology: JsonObject): boolean {
  const again = canonicalTopology(topology, 'canonical');
  return again.ok && sameJson(again.topology, topology);
}

function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i] as Json));
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson(a[k] as Json, b[k] as Json));
}
