// Where a round's submissions come from. A source lists every submission with
// the key its result is stored under, then makes each model's files available
// as a local folder on demand. The local-folder source (local-folder-source.ts)
// is the first; a chain + Hugging Face source yields the same entries (key from
// the commitment, fetchModel downloads at the committed revision and checks
// the hash), so the round never knows which one it runs on.
import type { Submission } from '../submission.js';
import type { RejectReason, Rejection } from '../reject-reasons.js';
import type { ResultKey } from '../state-store.js';

/** A submission whose record is sound: it will be scored (or rejected by its model). */
export interface AcceptedSubmission {
  ok: true;
  /** Stable display name (the folder name, or "uid-<n>" for a chain source). */
  name: string;
  submission: Submission;
  /** What its result is stored under: a model is evaluated and retrained once per key, ever. */
  key: ResultKey;
}

/** A submission rejected before its model was looked at (bad record, duplicate uid, unreadable). */
export interface RefusedSubmission {
  ok: false;
  name: string;
  /** Known when the record named a valid uid. */
  uid: number | null;
  reason: RejectReason;
  message: string;
}

export type SourcedSubmission = AcceptedSubmission | RefusedSubmission;

export type FetchedModel = { ok: true; dir: string } | Rejection;

export interface SubmissionSource {
  /** One line for logs and reports, e.g. "local folder ./subs". */
  readonly description: string;
  /** Every submission of the round, sorted by name; a bad one is a RefusedSubmission, never a throw. */
  list(): Promise<SourcedSubmission[]>;
  /**
   * The model folder of an accepted submission (model.json + shards), local and
   * readable; a download or integrity failure is a Rejection, not a throw.
   * Called at most once per submission per round, and only when the state has
   * no result for its key.
   */
  fetchModel(entry: AcceptedSubmission): Promise<FetchedModel>;
}
