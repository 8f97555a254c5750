// The validator's foundations: submission records and folders, the policy a
// submitted model is loaded under (lib/model/load does the loading), and the durable
// per-submission state. The round (evaluation, retrain loop, rewards) builds on these.
export { REJECT_REASONS, reject, isRejectReason, type RejectReason, type Rejection } from './reject-reasons.js';
export {
  SUBMISSION_KIND, SUBMISSION_VERSION, SUBMISSION_FILE, parseSubmission, readSubmission, formatSubmission,
  type Submission, type ParsedSubmission,
} from './submission.js';
export { listSubmissions, type SubmissionEntry } from './list-submissions.js';
export {
  MAX_MODEL_JSON_BYTES, MAX_MODEL_NESTING, MAX_ACTIVATION_ELEMENTS, MAX_LAYER_USES, MAX_LAYER_CALLS, modelExpectations, submissionLimits, type ModelExpectations,
} from './model-expectations.js';
export { ALLOWED_LAYER_CLASSES, CONTAINER_CLASSES, LAYER_CONFIG_KEYS, ACTIVATIONS } from './layer-allow-list.js';
export { competitionPolicy } from './competition-policy.js';
export { checkSubmittedModel, buildSubmittedModel, loadSubmittedModel, type LoadedSubmission } from './submitted-model.js';
export {
  StateStore, STATE_FILE,
  type ResultKey, type EvaluationMetrics, type RetrainOutcome, type StoredResult,
} from './state-store.js';
export { STATE_KIND, MIGRATIONS, migrate, schemaVersion, type Migration } from './state-schema.js';
