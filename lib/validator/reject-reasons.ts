// Why a submission scores 0: one stable code per cause (stored in the state
// database's reject_reason column, shown in reports) plus a one-line message.
// The list is the one place to add a reason.

export const REJECT_REASONS = [
  // The submission folder itself.
  'unreadable',
  'bad-submission',
  'duplicate-uid',
  // The chain source: the UID's commitment, and the model behind it on the Hub.
  'no-commitment',
  'bad-commitment',
  'download-limit',
  // The model files' hash is not the one the submission declares (the
  // commitment's, for a network source): not the model that was committed.
  'hash-mismatch',
  'bad-repo',
  // A download that failed for a reason that may pass (network, 5xx, timeout,
  // a repo still private or not found yet): retried next round.
  'fetch-failed',
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
  'bad-shape',
  'size-limit',
  'missing-shard',
  'shard-size-mismatch',
  'non-finite-weights',
  // Topology.
  'bad-topology',
  'disallowed-layer',
  'frozen-weights',
  'input-shape',
  'output-units',
  'activation-size',
  // tfjs-layers refused what passed the checks above.
  'load-failed',
  // The round: measuring or retraining a loaded model threw (a kernel the
  // backend lacks, out of memory); the model scores 0, the round goes on.
  'eval-failed',
  'retrain-failed',
  // The round's worker ran past the job's deadline and was killed (lib/worker,
  // job-deadlines.ts); the message states the deadline and how it was derived.
  'eval-timeout',
  'retrain-timeout',
  // Rounded MACs at or above the config's maxMacs: never a candidate, and it
  // cannot dominate a candidate (that needs MACs <= the candidate's), so its
  // accuracy cannot change the round; not measuring it caps a round's cost.
  'macs-limit',
  // What tfjs builds must be what was checked (see canonical-topology.ts and
  // layer-config-checks.ts): two keys that camel-case to one, nesting deeper
  // than a topology needs, a config key the class does not allow, a value of
  // the wrong kind (an object where tfjs would deserialize a class, an
  // activation off the list, a regularizer, a constraint, a custom
  // initializer), and a layer or model name outside [A-Za-z0-9_.-].
  'key-collision',
  'json-too-deep',
  'unknown-config-key',
  'disallowed-config',
  'bad-layer-name',
  // Calls: one layer applied too often, or too many layer calls in all
  // (each call costs time and activation memory at every evaluation).
  'layer-uses',
  'total-uses',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * Rejections that say nothing lasting about the model: the service forgets
 * them before each round so the model is tried again, as upstream drops a
 * failed evaluation from its state. Every other reason is remembered for its
 * (uid, commit, hash) for good.
 */
export const TRANSIENT_REASONS: readonly RejectReason[] = ['fetch-failed', 'eval-failed', 'retrain-failed'];

export interface Rejection {
  ok: false;
  reason: RejectReason;
  /** One line naming the thing, the value and what was expected. */
  message: string;
}

export function reject(reason: RejectReason, message: string): Rejection {
  return { ok: false, reason, message };
}

export function isRejectReason(s: unknown): s is RejectReason {
  return typeof s === 'string' && (REJECT_REASONS as readonly string[]).includes(s);
}
