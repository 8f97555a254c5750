// The seam between a caller with expensive, untrusted-input jobs (the
// validator's evaluations and retrains) and where they run. A JobRunner runs
// one job at a time and always settles with a plain-data JobOutcome: a job
// that throws, outlives its deadline or kills its process is an outcome, not
// an exception. run() throws only when the runner itself cannot work (its
// worker cannot start), which is no job's fault.
//
// Two implementations: InProcessRunner (the caller's process; a deadline cannot
// stop synchronous tfjs work, so it is not enforced) and ChildProcessRunner (a
// forked worker that is SIGKILLed at the deadline). A pool of N runners
// (job-pool.ts, `--workers N`) and a Redis queue (redis-queue.ts) sit behind
// the same interface; `capacity` says how many jobs they run at once.

/** A progress note a job sends while it runs (e.g. the MAC count an evaluation found). */
export type JobNote = Record<string, number | string | boolean | null>;

export interface Deadline {
  /** Milliseconds from the job's start; Infinity for none. */
  ms: number;
  /** How the figure was derived, for the rejection message ("60 s allowance + ..."). */
  why: string;
  /** Called with each note; a Deadline returned replaces this one (still counted from the job's start). */
  revise?(note: JobNote): Deadline | undefined;
}

export const NO_DEADLINE: Deadline = { ms: Infinity, why: 'no deadline' };

export type JobOutcome<R> =
  | { ok: true; value: R; ms: number }
  /** Past its deadline: the worker was killed. */
  | { ok: false; kind: 'timeout'; deadline: Deadline; ms: number; message: string }
  /** The worker died under the job (crash, out of memory, killed from outside); only this job is lost. */
  | { ok: false; kind: 'died'; ms: number; message: string }
  /** The job's own code threw; message is its first line. */
  | { ok: false; kind: 'error'; ms: number; message: string };

/** Runs one job; `note` forwards progress to the runner (which may revise the deadline). */
export type JobHandler<J, R> = (job: J, note: (n: JobNote) => void) => Promise<R>;

export interface JobRunner<J, R> {
  /** One-line description for logs ("child process, deadlines enforced"). */
  readonly description: string;
  /** True when run() stops a job at its deadline. */
  readonly enforcesDeadlines: boolean;
  /** Jobs it runs at once when run() is called that many times without waiting (default 1). */
  readonly capacity?: number;
  run(job: J, deadline: Deadline): Promise<JobOutcome<R>>;
  /** Stops any worker; run() after close() throws. Idempotent. */
  close(): Promise<void>;
}

export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}

/** "12.3 s" / "850 ms": how deadlines read in messages. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'no limit';
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 100_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
