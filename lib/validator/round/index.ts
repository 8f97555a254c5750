// The validator's scoring round: sources of submissions, the round itself, its
// plain-data result and the table printed from it.
export type { SubmissionSource, SourcedSubmission, AcceptedSubmission, RefusedSubmission, FetchedModel } from './submission-source.js';
export { LocalFolderSource, folderDigest } from './local-folder-source.js';
export { evaluateSubmission } from './evaluate-submission.js';
export { retrainSubmission, TRAIN_ACCURACY_IMAGES } from './retrain-submission.js';
export { RetrainJournal, JOURNAL_FILE, type JournalLine } from './retrain-journal.js';
export { guardStateConfig, scoringFingerprint, STATE_CONFIG_FILE } from './state-config-guard.js';
export { runRound, keyString, isRetrainRejection, type RoundOptions, type ScoredModel } from './run-round.js';
export {
  ROUND_RESULT_KIND, ROUND_RESULT_VERSION, deterministicPart,
  type RoundResult, type RoundRow, type RoundRetrain, type RoundTimings, type ParetoStatus,
} from './round-result.js';
export { formatRoundTable, shortHotkey } from './round-table-text.js';
export { evalBatchSize, EVAL_BATCH, EVAL_ACTIVATION_BUDGET } from './eval-batch.js';
export { roundJobHandler, type RoundJob, type RoundJobResult, type RoundJobRunner, type MeasuredNote } from './round-jobs.js';
export { childRoundRunner, inProcessRoundRunner, ROUND_JOB_WORKER, type ChildRoundRunnerOptions } from './round-job-runner.js';
export { workDeadlines, DEFAULT_DEADLINE_RATES, type DeadlinePolicy, type DeadlineRates, type FixedDeadlines } from './job-deadlines.js';
