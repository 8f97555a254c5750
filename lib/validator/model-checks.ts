// The gate in front of tfjs: checks a submitted model folder as files and
// plain JSON, in order from cheapest to dearest, and only then hands back the
// bytes as in-memory model artifacts. The topology handed back is the
// canonical one the checks ran on: the loader builds exactly that object. Nothing here allocates a tensor; a bad
// model is a returned rejection, never a throw (throws are real I/O faults).
import { readModelJson } from './model-json.js';
import { checkWeightsManifest, type WeightSpec } from './weights-manifest.js';
import { checkTopology } from './topology-checks.js';
import { readWeightShards } from './weight-shards.js';
import { checkFiniteWeights } from './finite-weights.js';
import type { JsonObject } from './canonical-topology.js';
import type { ModelExpectations } from './model-expectations.js';
import type { Rejection } from './reject-reasons.js';

/** A plain object tf.io.fromMemory accepts (a subset of tf.io.ModelArtifacts). */
export interface CheckedArtifacts {
  /** Canonical (camelCase, as tfjs-layers builds it) and checked: see canonical-topology.ts. */
  modelTopology: JsonObject;
  format: 'layers-model';
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs: WeightSpec[];
  /** Every weight back to back, in weightSpecs order. */
  weightData: ArrayBuffer;
}

export interface CheckedModel {
  ok: true;
  artifacts: CheckedArtifacts;
  /** Layers counted through nested models, containers excluded. */
  layerCount: number;
}

export function checkModelFolder(dir: string, expect: ModelExpectations): CheckedModel | Rejection {
  const json = readModelJson(dir, expect.maxModelJsonBytes);
  if (!json.ok) return json;
  const where = json.path;
  const manifest = checkWeightsManifest(json.weightsManifest, expect.maxWeightBytes, where);
  if (!manifest.ok) return manifest;
  const topology = checkTopology(json.topology, expect.inputShape, where);
  if (!topology.ok) return topology;
  const shards = readWeightShards(dir, manifest.groups, where);
  if (!shards.ok) return shards;
  const weightSpecs = manifest.groups.flatMap((g) => g.weights);
  const nonFinite = checkFiniteWeights(shards.data, weightSpecs, where);
  if (nonFinite) return nonFinite;
  const artifacts: CheckedArtifacts = { modelTopology: json.topology, format: 'layers-model', weightSpecs, weightData: shards.data };
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) artifacts.convertedBy = json.convertedBy;
  return { ok: true, artifacts, layerCount: topology.layerCount };
}
