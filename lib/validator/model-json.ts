// Reads a model folder's model.json without trusting it: the size is checked
// on disk before a byte is read, then the document's outline (a layers model
// with a topology and a manifest array) before anything looks inside.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError, describe } from '../core/errors.js';
import { reject, type Rejection } from './reject-reasons.js';

export const MODEL_JSON_FILE = 'model.json';

export interface ModelJsonOutline {
  ok: true;
  path: string;
  /** The Keras-style topology ({class_name, config}), unwrapped from model_config when nested so. */
  topology: Record<string, unknown>;
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
    throw new NaschainError('INTERNAL', `${path}: cannot stat it (${code ?? String(e)})`, { cause: e });
  }
  if (size > maxBytes) return reject('model-json-too-large', `${path}: ${size} bytes, expected at most ${maxBytes}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw new NaschainError('INTERNAL', `${path}: cannot read it (${String(e)})`, { cause: e });
    return reject('not-json', `${path}: not valid JSON (${e.message.split('\n')[0]})`);
  }
  if (!isObject(raw)) return reject('not-layers-model', `${path}: the document is ${describe(raw)}, expected a JSON object`);
  const format = raw.format;
  if (format !== undefined && format !== 'layers-model') {
    return reject('not-layers-model', `${path}: format is ${describe(format)}, expected "layers-model"`);
  }
  let topology = raw.modelTopology;
  if (isObject(topology) && isObject(topology.model_config)) topology = topology.model_config;
  if (!isObject(topology) || typeof topology.class_name !== 'string') {
    return reject('not-layers-model', `${path}: modelTopology is ${describe(topology)}, expected a layers topology {class_name, config}`);
  }
  if (!Array.isArray(raw.weightsManifest)) {
    return reject('bad-manifest', `${path}: weightsManifest is ${describe(raw.weightsManifest)}, expected an array of {paths, weights}`);
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
