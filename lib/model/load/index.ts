// The one model loader (see load-model.ts): checks before allocation under a
// caller's policy, then a guarded build; model folders and hf:// URLs.
export { LOAD_REASONS, fail, type LoadFailure, type LoadReason } from './load-failure.js';
export { GENERAL_LIMITS, GENERAL_POLICY, type LoadLimits, type LoadPolicy, type PolicyCheck } from './load-policy.js';
export { loadModel, loadModelDir } from './load-model.js';
export { readCheckedArtifacts, type CheckedArtifacts, type CheckedModel } from './read-checked.js';
export { buildCheckedModel, type LoadedModel } from './build-model.js';
export { canonicalTopology, isCanonical, isJsonObject, toCamelCase, MAX_TOPOLOGY_DEPTH, type Json, type JsonObject } from './canonical-topology.js';
export { CONTAINER_CLASSES, layerPath, walkTopology, type TopologySummary, type WalkedLayer, type WalkedModel } from './topology-walk.js';
export { MODEL_JSON_FILE } from './model-json.js';
export { shown } from './shown-value.js';
export { hfLoadHandler, loadHfModel, registerHfRouter, type HfRouteOptions } from './hf-route.js';
