// Reads a model folder's model.json without trusting it: the size is checked
// on disk before a byte is read, then the document's outline (a layers model
// with a topology and a manifest array) before anything looks inside. The
// topology comes back in canonical form (canonical-topology.ts): the object
// tfjs-layers will build, on which every later check runs.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { fsErrorText } from '../core/fs-problem.js';
import { canonicalTopology, type JsonObject } from './canonical-topology.js';
import { reject, type Rejection } from './reject-reasons.js';
import { shown } from './shown-value.js';

export const MODEL_JSON_FILE = 'model.json';

export interface ModelJsonOutline {
  ok: true;
  path: string;
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readModelJson(dir: string, maxBytes: number): ModelJsonOutline | Rejection {
  const path = join(dir, MODEL_JSON_FILE);
  let size: number;
  try {
    const st = lstatSync(path);
    // A symlink could point anywhere on the validator's disk.
    if (!st.isFile()) return reject('missing-model-json', `${path}: not a regular file, expected the model's ${MODEL_JSON_FILE}`);
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return reject('missing-model-json', `${path}: no such file, expected the model's ${MODEL_JSON_FILE}`);
    throw new NaschainError('INTERNAL', `${path}: cannot read it (${fsErrorText(e)})`, { cause: e });
  }
  if (size > maxBytes) return reject('model-json-too-large', `${path}: ${size} bytes, expected at most ${maxBytes}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw new NaschainError('INTERNAL', `${path}: cannot read it (${fsErrorText(e)})`, { cause: e });
    return reject('not-json', `${path}: not valid JSON (${e.message.split('\n')[0]})`);
  }
  if (!isObject(raw)) return reject('not-layers-model', `${path}: the document is ${shown(raw)}, expected a JSON object`);
  const format = raw.format;
  if (format !== undefined && format !== 'layers-model') {
    return reject('not-layers-model', `${path}: format is ${shown(format)}, expected "layers-model"`);
  }
  let rawTopology = raw.modelTopology;
  // tfjs' own test, on the raw key, before it converts anything.
  if (isObject(rawTopology) && rawTopology.model_config !== null && rawTopology.model_config !== undefined) rawTopology = rawTopology.model_config;
  if (!isObject(rawTopology)) {
    return reject('not-layers-model', `${path}: modelTopology is ${shown(rawTopology)}, expected a layers topology {class_name, config}`);
  }
  const canonical = canonicalTopology(rawTopology, path);
  if (!canonical.ok) return canonical;
  const topology = canonical.topology;
  if (typeof topology.className !== 'string') {
    return reject('not-layers-model', `${path}: modelTopology has no class_name, expected a layers topology {class_name, config}`);
  }
  if (!Array.isArray(raw.weightsManifest)) {
    return reject('bad-manifest', `${path}: weightsManifest is ${shown(raw.weightsManifest)}, expected an array of {paths, weights}`);
  }
  return {
    ok: true,
    path,
    topology,
    weightsManifest: raw.weightsManifest,
    format: format as string | undefined,
    generatedBy: typeof raw.generatedBy === 'string' ? raw.generatedBy : undefined,
    convertedBy: typeof raw.convertedBy === 'string' || raw.convertedBy === null ? raw.convertedBy : undefined,
  };
}
