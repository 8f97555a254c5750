// The one way a model folder becomes a tfl.LayersModel, for every caller:
// train, eval and check (GENERAL_POLICY: everything tfjs-layers loads), the
// validator (its competition policy) and the hf:// route (hf-route.ts). The
// checks before allocation (read-checked.ts) then a guarded build
// (build-model.ts), both under the caller's policy.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError, type ErrorCode } from '../../core/errors.js';
import { buildCheckedModel, type LoadedModel } from './build-model.js';
import type { LoadReason } from './load-failure.js';
import { GENERAL_POLICY, type LoadPolicy } from './load-policy.js';
import { MODEL_JSON_FILE } from './model-json.js';
import { readCheckedArtifacts } from './read-checked.js';

/** Checks then builds; a bad model is a returned failure. `where` names model.json in messages. */
export async function loadModel<R extends string>(dir: string, policy: LoadPolicy<R>, where = join(dir, MODEL_JSON_FILE)): Promise<LoadedModel<R>> {
  const checked = readCheckedArtifacts(dir, policy, where);
  if (!checked.ok) return checked;
  return buildCheckedModel(checked.artifacts, policy, where);
}

const CODES: Partial<Record<LoadReason, ErrorCode>> = {
  'missing-model-json': 'NOT_FOUND',
  'missing-shard': 'NOT_FOUND',
  'model-json-too-large': 'LIMIT',
  'size-limit': 'LIMIT',
  'layer-uses': 'LIMIT',
  'total-uses': 'LIMIT',
  'activation-size': 'LIMIT',
};

/**
 * loadModel for commands: the model, or a NaschainError whose one line names
 * the folder, what is wrong and the reason code, e.g. "model folder m:
 * model.json: not valid JSON (...) [not-json]".
 */
export async function loadModelDir(dir: string, policy: LoadPolicy<string> = GENERAL_POLICY): Promise<tfl.LayersModel> {
  const folder = `model folder ${dir}`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new NaschainError('NOT_FOUND', `${folder}: no such folder`);
  const loaded = await loadModel(dir, policy, `${folder}: ${MODEL_JSON_FILE}`);
  if (!loaded.ok) throw new NaschainError(CODES[loaded.reason as LoadReason] ?? 'CORRUPT', `${loaded.message} [${loaded.reason}]`);
  return loaded.model;
}
