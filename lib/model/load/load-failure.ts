// Why a model folder cannot be loaded: one stable code per cause and a
// one-line message naming the thing, the value and what was expected. The
// loader returns these (a bad model is data, never a throw); the validator
// stores the code as its rejection reason, eval and train turn it into an
// error. A load policy (load-policy.ts) adds codes of its own.

export const LOAD_REASONS = [
  // model.json.
  'missing-model-json',
  'model-json-too-large',
  'not-json',
  'not-layers-model',
  'bad-manifest',
  // Weight files.
  'bad-weights-path',
  'duplicate-weights-path',
  'bad-dtype',
  // Quantized weights (uint8, uint16, float16) where the policy refuses them.
  'quantized-weights',
  'bad-shape',
  'size-limit',
  'missing-shard',
  'shard-size-mismatch',
  'non-finite-weights',
  // Topology: what tfjs builds must be what was checked (canonical-topology.ts):
  // two keys that camel-case to one, nesting deeper than a topology needs, a
  // value that would make tfjs deserialize a hidden network, a layer or model
  // name outside [A-Za-z0-9_.-], a call graph tfjs could not build.
  'bad-topology',
  'key-collision',
  'json-too-deep',
  'disallowed-config',
  'bad-layer-name',
  // Calls: one layer applied too often, or too many layer calls in all (each
  // call costs time and activation memory at every evaluation).
  'layer-uses',
  'total-uses',
  'activation-size',
  // tfjs-layers refused what passed the checks above.
  'load-failed',
] as const;

export type LoadReason = (typeof LOAD_REASONS)[number];

export interface LoadFailure<R extends string = LoadReason> {
  ok: false;
  reason: R;
  /** One line naming the thing, the value and what was expected; untrusted parts quoted. */
  message: string;
}

export function fail<R extends string>(reason: R, message: string): LoadFailure<R> {
  return { ok: false, reason, message };
}
