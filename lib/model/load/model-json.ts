// Reads a model folder's model.json without trusting it: the size is checked
// on disk before a byte is read, then the document's outline (a layers model
// with a topology and a manifest array) before anything looks inside. Keras
// models converted by tensorflowjs_converter wrap the topology as
// modelTopology.model_config (beside keras_version, backend and
// training_config); tfjs-layers builds model_config alone, and so does this.
// The topology comes back in canonical form (canonical-topology.ts): the
// object tfjs-layers will build, on which every later check runs.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../../core/errors.js';
import { canonicalTopology, isJsonObject, type JsonObject } from './canonical-topology.js';
import { fail, type LoadFailure } from './load-failure.js';
import { shown } from './shown-value.js';

export const MODEL_JSON_FILE = 'model.json';

export interface ModelJsonOutline {
  ok: true;
  /**
   * The topology ({className, config}) camel-cased exactly as tfjs-layers
   * will, unwrapped from model_config when nested so (as tfjs does).
   */
  topology: JsonObject;
  /** Not yet checked beyond being an array. */
  weightsManifest: unknown[];
  format: string | undefined;
  generatedBy: string | undefined;
  convertedBy: string | null | undefined;
}

/** `where` names the file in messages (default: its path). */
export function readModelJson(dir: string, maxBytes: number, where = join(dir, MODEL_JSON_FILE)): ModelJsonOutline | LoadFailure {
  const path = join(dir, MODEL_JSON_FILE);
  let size: number;
  try {
    const st = lstatSync(path);
    // A symlink could point anywhere on the disk.
    if (!st.isFile()) return fail('missing-model-json', `${where}: not a regular file, expected the model's ${MODEL_JSON_FILE}`);
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('missing-model-json', `${where}: no such file, expected the model's ${MODEL_JSON_FILE}`);
    throw new NaschainError('INTERNAL', `${path}: cannot stat it (${code ?? String(e)})`, { cause: e });
  }
  if (size > maxBytes) return fail('model-json-too-large', `${where}: ${size} bytes, expected at most ${maxBytes}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw new NaschainError('INTERNAL', `${path}: cannot read it (${String(e)})`, { cause: e });
    return fail('not-json', `${where}: not valid JSON (${e.message.split('\n')[0]})`);
  }
  return outlineModelJson(raw, where);
}

/** The outline of a parsed model.json document. */
export function outlineModelJson(raw: unknown, where: string): ModelJsonOutline | LoadFailure {
  if (!isJsonObject(raw)) return fail('not-layers-model', `${where}: the document is ${shown(raw)}, expected a JSON object`);
  const format = raw.format;
  if (format !== undefined && format !== 'layers-model') {
    return fail('not-layers-model', `${where}: format is ${shown(format)}, expected "layers-model"`);
  }
  let rawTopology: unknown = raw.modelTopology;
  // tfjs' own test, on the raw key, before it converts anything.
  if (isJsonObject(rawTopology) && rawTopology.model_config !== null && rawTopology.model_config !== undefined) rawTopology = rawTopology.model_config;
  if (!isJsonObject(rawTopology)) {
    return fail('not-layers-model', `${where}: modelTopology is ${shown(rawTopology)}, expected a layers topology {class_name, config}`);
  }
  const canonical = canonicalTopology(rawTopology, where);
  if (!canonical.ok) return canonical;
  const topology = canonical.topology;
  if (typeof topology.className !== 'string') {
    return fail('not-layers-model', `${where}: modelTopology has no class_name, expected a layers topology {class_name, config}`);
  }
  if (!Array.isArray(raw.weightsManifest)) {
    return fail('bad-manifest', `${where}: weightsManifest is ${shown(raw.weightsManifest)}, expected an array of {paths, weights}`);
  }
  return {
    ok: true,
    topology,
    weightsManifest: raw.weightsManifest,
    format: format as string | undefined,
    generatedBy: typeof raw.generatedBy === 'string' ? raw.generatedBy : undefined,
    convertedBy: typeof raw.convertedBy === 'string' || raw.convertedBy === null ? raw.convertedBy : undefined,
  };
}
