// The gate in front of tfjs: checks a model folder as files and plain JSON,
// in order from cheapest to dearest, and only then hands back the bytes as
// in-memory model artifacts: the canonical topology the checks ran on (the
// object that is built) and the weights decoded to float32. Nothing here
// allocates a tensor; a bad model is a returned failure, never a throw
// (throws are real I/O faults).
import { join } from 'node:path';
import type { JsonObject } from './canonical-topology.js';
import { decodeStoredWeights } from './dequantize.js';
import { checkFiniteWeights } from './finite-weights.js';
import type { LoadFailure, LoadReason } from './load-failure.js';
import type { LoadPolicy } from './load-policy.js';
import { MODEL_JSON_FILE, readModelJson } from './model-json.js';
import { walkTopology } from './topology-walk.js';
import { readWeightShards } from './weight-shards.js';
import { checkWeightsManifest, type WeightSpec } from './weights-manifest.js';

/** A plain object tf.io.fromMemory accepts (a subset of tf.io.ModelArtifacts). */
export interface CheckedArtifacts {
  /** Canonical (camelCase, as tfjs-layers builds it) and checked: see canonical-topology.ts. */
  modelTopology: JsonObject;
  format: 'layers-model';
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs: WeightSpec[];
  /** Every weight back to back as little-endian float32, in weightSpecs order (quantized ones decoded). */
  weightData: ArrayBuffer;
}

export interface CheckedModel {
  ok: true;
  artifacts: CheckedArtifacts;
  /** Layers counted through nested models, containers excluded. */
  layerCount: number;
  /** Weights that were stored quantized (and were decoded). */
  quantizedWeights: number;
}

/** `where` names model.json in messages (default: its path). */
export function readCheckedArtifacts<R extends string>(
  dir: string, policy: LoadPolicy<R>, where = join(dir, MODEL_JSON_FILE),
): CheckedModel | LoadFailure<R | LoadReason> {
  const json = readModelJson(dir, policy.limits.maxModelJsonBytes, where);
  if (!json.ok) return json;
  const manifest = checkWeightsManifest(json.weightsManifest, policy, where);
  if (!manifest.ok) return manifest;
  const topology = walkTopology(json.topology, policy, where);
  if (!topology.ok) return topology;
  const shards = readWeightShards(dir, manifest.groups, where);
  if (!shards.ok) return shards;
  const stored = manifest.groups.flatMap((g) => g.weights);
  const weightSpecs = stored.map((w) => w.spec);
  const weightData = decodeStoredWeights(shards.data, stored);
  const nonFinite = checkFiniteWeights(weightData, weightSpecs, where);
  if (nonFinite) return nonFinite;
  const artifacts: CheckedArtifacts = { modelTopology: json.topology, format: 'layers-model', weightSpecs, weightData };
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) artifacts.convertedBy = json.convertedBy;
  return { ok: true, artifacts, layerCount: topology.layerCount, quantizedWeights: stored.filter((w) => w.quantization).length };
}
