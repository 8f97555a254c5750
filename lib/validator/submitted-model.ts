// A submitted model folder through the one loader (lib/model/load) under the
// competition's policy: the checks before allocation, then the guarded build;
// a model or a rejection, never a throw for a bad model.
import type { CheckedArtifacts, CheckedModel } from '../model/load/read-checked.js';
import { readCheckedArtifacts } from '../model/load/read-checked.js';
import { buildCheckedModel, type LoadedModel } from '../model/load/build-model.js';
import { loadModel } from '../model/load/load-model.js';
import { competitionPolicy } from './competition-policy.js';
import type { ModelExpectations } from './model-expectations.js';
import type { RejectReason, Rejection } from './reject-reasons.js';

export type LoadedSubmission = LoadedModel<RejectReason>;

/** Everything short of building: model.json, manifest, topology, shards, finite weights. */
export function checkSubmittedModel(dir: string, expect: ModelExpectations): CheckedModel | Rejection {
  return readCheckedArtifacts(dir, competitionPolicy(expect));
}

/** Builds checked artifacts (the topology is walked again: the caller's artifacts are not trusted). */
export function buildSubmittedModel(artifacts: CheckedArtifacts, expect: ModelExpectations, where = 'model'): Promise<LoadedSubmission> {
  return buildCheckedModel(artifacts, competitionPolicy(expect), where);
}

/** A folder in, a model or a rejection out. */
export function loadSubmittedModel(dir: string, expect: ModelExpectations): Promise<LoadedSubmission> {
  return loadModel(dir, competitionPolicy(expect));
}
