// What travels over the Redis queue: a naschain job with its model files
// instead of folder paths (the coordinator's folders are not the worker's),
// its deadline as plain data, and the answer: the job's outcome, plus the
// trained model's files for a final search training. Version 1.
import { readFileSync } from 'node:fs';
import type { Deadline, JobOutcome } from '../worker/job-runner.js';
import type { ModelFiles } from './model-files.js';
import type { NaschainJob, NaschainJobResult } from './naschain-job.js';

export const QUEUE_JOB_VERSION = 1;

/** This package's version (package.json, three folders above dist/lib/jobs/): a worker serves only coordinators of its own version. */
export const NASCHAIN_VERSION: string = (() => {
  try {
    const v = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'unknown';
  }
})();

/** A deadline as data; `byMacs`: the validator's evaluation deadline, revised by the worker once MACs are counted (workDeadlines). */
export interface WireDeadline { ms: number | null; why: string; byMacs?: boolean }

export interface QueueJob {
  v: typeof QUEUE_JOB_VERSION;
  /** The coordinator's naschain version: results must not depend on which worker ran the job. */
  naschain: string;
  /** The job; a round job's dir and a candidate's saveTo are set by the worker (a temp folder). */
  job: NaschainJob;
  deadline: WireDeadline;
  /** Round jobs: the submission folder's files. */
  files?: ModelFiles;
  /** Candidate jobs with saveTo: send the saved model folder back. */
  returnModel?: boolean;
}

export type WireOutcome =
  | { ok: true; value: NaschainJobResult; ms: number }
  | { ok: false; kind: 'timeout' | 'died' | 'error'; ms: number; message: string; deadline?: { ms: number | null; why: string } };

export interface QueueAnswer {
  outcome: WireOutcome;
  files?: ModelFiles;
  /** The worker's folder of a round job's model: the coordinator shows its own folder in messages instead. */
  dir?: string;
}

/** `o` with every mention of the folder `from` made `to` (in the outcome's text, as JSON carries it). */
export function renameDir(o: WireOutcome, from: string, to: string): WireOutcome {
  const esc = (p: string) => JSON.stringify(p).slice(1, -1);
  return JSON.parse(JSON.stringify(o).split(esc(from)).join(esc(to))) as WireOutcome;
}

export function wireDeadline(d: Deadline): WireDeadline {
  return { ms: Number.isFinite(d.ms) ? d.ms : null, why: d.why, ...(d.revise ? { byMacs: true } : {}) };
}

export function toWire(o: JobOutcome<NaschainJobResult>): WireOutcome {
  if (o.ok) return o;
  if (o.kind === 'timeout') return { ok: false, kind: 'timeout', ms: o.ms, message: o.message, deadline: { ms: Number.isFinite(o.deadline.ms) ? o.deadline.ms : null, why: o.deadline.why } };
  return o;
}

export function fromWire(w: WireOutcome): JobOutcome<NaschainJobResult> {
  if (w.ok) return w;
  if (w.kind === 'timeout') return { ok: false, kind: 'timeout', ms: w.ms, message: w.message, deadline: { ms: w.deadline?.ms ?? Infinity, why: w.deadline?.why ?? '' } };
  return { ok: false, kind: w.kind, ms: w.ms, message: w.message };
}
