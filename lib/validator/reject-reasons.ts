// Why a submission scores 0: one stable code per cause (stored in the state
// database's reject_reason column, shown in reports) plus a one-line message.
// The list is the one place to add a reason.
import { LOAD_REASONS, type LoadFailure } from '../model/load/load-failure.js';

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
  // Everything the loader refuses (lib/model/load/load-failure.ts): model.json,
  // weight files, quantized weights (this policy refuses them), the topology,
  // calls, activation memory, and what tfjs-layers itself refuses.
  ...LOAD_REASONS,
  // The competition's own rules (competition-policy.ts): only allow-listed
  // layer classes, each with its own config keys, every weight trainable, one
  // input of the dataset's image shape and one output unit per class.
  'disallowed-layer',
  'unknown-config-key',
  'frozen-weights',
  'input-shape',
  'output-units',
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
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * Rejections that say nothing lasting about the model: the service forgets
 * them before each round so the model is tried again, as upstream drops a
 * failed evaluation from its state. Every other reason is remembered for its
 * (uid, commit, hash) for good.
 */
export const TRANSIENT_REASONS: readonly RejectReason[] = ['fetch-failed', 'eval-failed', 'retrain-failed'];

/** One line naming the thing, the value and what was expected, with its reason. */
export type Rejection = LoadFailure<RejectReason>;

export function reject(reason: RejectReason, message: string): Rejection {
  return { ok: false, reason, message };
}

export function isRejectReason(s: unknown): s is RejectReason {
  return typeof s === 'string' && (REJECT_REASONS as readonly string[]).includes(s);
}
