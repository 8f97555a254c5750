// N job runners behind one JobRunner: run() may be called many times at once;
// each call waits for a free runner, in call order, and runs there. With
// ChildProcessRunners this is `--workers N`: N worker processes, each running
// one job at a time with its deadline enforced as before, so a job that kills
// or outlives its worker costs that job alone and that worker is replaced.
// The pool adds no ordering of results: callers that need a fixed order
// (the searcher's tell order) collect the outcomes and use them in their own.
import { NaschainError } from '../core/errors.js';
import type { Deadline, JobOutcome, JobRunner } from './job-runner.js';

/**
 * The environment of a pool's worker processes: one thread each, so that N
 * workers use N cores (N workers of N threads each on N cores wait on each
 * other: measured 0.63x of one process on this 2-core machine). The wasm
 * backend reads NASCHAIN_WASM_THREADS (lib/backend/wasm-threads; 1: the
 * single-threaded build); tfjs-node's TensorFlow sizes its thread pools from
 * the TF_ variables (and MKL/OpenMP from the last). cpu is one thread anyway.
 */
export const ONE_THREAD_ENV: Readonly<Record<string, string>> = { NASCHAIN_WASM_THREADS: '1', TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1', OMP_NUM_THREADS: '1' };

export class JobPool<J, R> implements JobRunner<J, R> {
  readonly description: string;
  readonly enforcesDeadlines: boolean;
  readonly capacity: number;
  private readonly runners: JobRunner<J, R>[];
  private readonly idle: JobRunner<J, R>[];
  private readonly waiting: ((r: JobRunner<J, R>) => void)[] = [];
  private closed = false;

  /** `make(i)` builds runner i of `size`; child-process runners start their worker on their first job. */
  constructor(size: number, make: (i: number) => JobRunner<J, R>) {
    if (!Number.isInteger(size) || size < 1) throw new NaschainError('INTERNAL', `job pool: size ${size}, expected an integer >= 1`);
    this.runners = Array.from({ length: size }, (_, i) => make(i));
    this.idle = [...this.runners];
    this.capacity = size;
    const first = this.runners[0] as JobRunner<J, R>;
    this.enforcesDeadlines = this.runners.every((r) => r.enforcesDeadlines);
    this.description = size === 1 ? first.description : `${size} workers, each ${first.description}`;
  }

  async run(job: J, deadline: Deadline): Promise<JobOutcome<R>> {
    if (this.closed) throw new NaschainError('INTERNAL', 'job pool: run() after close()');
    const runner = this.idle.shift() ?? (await new Promise<JobRunner<J, R>>((resolve) => this.waiting.push(resolve)));
    try {
      return await runner.run(job, deadline);
    } finally {
      const next = this.waiting.shift();
      if (next) next(runner);
      else this.idle.push(runner);
    }
  }

  /** Closes every runner (their workers are killed); waiting calls then fail as run() after close(). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.runners.map((r) => r.close()));
  }
}
