// Job runners: where the validator's expensive steps run, and the deadline
// that stops a runaway one (see job-runner.ts).
export { NO_DEADLINE, firstLine, formatMs, type Deadline, type JobHandler, type JobNote, type JobOutcome, type JobRunner } from './job-runner.js';
export { InProcessRunner } from './in-process-runner.js';
export { ChildProcessRunner, type ChildRunnerOptions } from './child-runner.js';
export { serveJobs } from './serve-jobs.js';
export { FrameReader, encodeFrame, DEFAULT_MAX_FRAME_BYTES } from './frames.js';
export { liveChildren } from './exit-guard.js';
