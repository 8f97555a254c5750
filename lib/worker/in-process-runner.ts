// Runs jobs in the caller's process: today's behaviour, and the reference the
// child-process runner must match bit for bit. Deadlines are not enforced:
// tfjs kernels on cpu/wasm run synchronously, so nothing in this process can
// interrupt a runaway job; use ChildProcessRunner where that matters.
import { firstLine, type Deadline, type JobHandler, type JobOutcome, type JobRunner } from './job-runner.js';
import { NaschainError } from '../core/errors.js';

export class InProcessRunner<J, R> implements JobRunner<J, R> {
  readonly description = 'in process (no deadlines)';
  readonly enforcesDeadlines = false;
  private closed = false;

  constructor(private readonly handler: JobHandler<J, R>) {}

  async run(job: J, deadline: Deadline): Promise<JobOutcome<R>> {
    if (this.closed) throw new NaschainError('INTERNAL', 'in-process job runner: run() after close()');
    const started = performance.now();
    let current = deadline;
    try {
      const value = await this.handler(job, (n) => { current = current.revise?.(n) ?? current; });
      return { ok: true, value, ms: performance.now() - started };
    } catch (e) {
      return { ok: false, kind: 'error', ms: performance.now() - started, message: firstLine(e) };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
