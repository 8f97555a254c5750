// Runs each job in a forked worker process (an entry that calls serveJobs) and
// enforces the job's deadline where it can be enforced: at the deadline the
// worker gets SIGKILL, the job is a 'timeout' outcome, and the next job starts
// a fresh worker. A worker that dies under a job (out of memory, crash, killed
// from outside) costs that job alone ('died'). A worker that cannot start is
// the runner's failure, not a job's: run() throws.
//
// One worker, one job at a time; a pool (--workers N) is N of these. The
// worker's replies come on a pipe of their own with a size cap (frames.ts);
// its stdout and stderr go to the logger at debug level, and the end of its
// stderr is quoted when it dies. While idle the worker does not keep the
// parent's event loop alive; exit-guard.ts kills it when the parent exits.
import { fork, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { guardChild } from './exit-guard.js';
import { DEFAULT_MAX_FRAME_BYTES, FrameReader } from './frames.js';
import { firstLine, formatMs, type Deadline, type JobOutcome, type JobRunner } from './job-runner.js';
import { isWorkerReply, type WorkerReply } from './protocol.js';

export interface ChildRunnerOptions<J> {
  /** The compiled entry module (a file path) that calls serveJobs. */
  entry: string;
  args?: string[];
  /** Added to the worker's environment (e.g. one thread per backend, so that N workers use N cores). */
  env?: Record<string, string>;
  /** The worker's --max-old-space-size in MiB (the JS heap only); undefined: Node's default. */
  heapMb?: number;
  /** Largest reply frame accepted (bytes). */
  maxReplyBytes?: number;
  /** Deadline of a worker's start (Node, imports, the entry's setup). Default 120 s. */
  startTimeoutMs?: number;
  /** Throws when a worker's ready info is not what the parent expects (another backend or dataset). */
  checkReady?: (info: Record<string, unknown>) => void;
  /** Called as each job is handed to a worker, with the pid that runs it. */
  onJobStart?: (pid: number, job: J) => void;
  log?: Logger;
}

interface LiveWorker {
  proc: ChildProcess;
  pid: number;
  exited: Promise<void>;
  exitText: string | null;
  stderrTail: string;
  /** Where replies go; set by whoever waits on this worker (start, then each job). */
  onReply: ((r: WorkerReply) => void) | null;
  /** Called once when the worker exits or is refused; null while nobody waits. */
  onGone: ((message: string) => void) | null;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const STDERR_TAIL_CHARS = 2000;

export class ChildProcessRunner<J, R> implements JobRunner<J, R> {
  readonly description: string;
  readonly enforcesDeadlines = true;
  /** Every worker pid this runner started, in order. */
  readonly pids: number[] = [];
  private worker: LiveWorker | null = null;
  private starting: Promise<LiveWorker> | null = null;
  private nextId = 0;
  private closed = false;

  constructor(private readonly opts: ChildRunnerOptions<J>) {
    this.description = `child process${opts.heapMb !== undefined ? ` (JS heap ${opts.heapMb} MiB)` : ''}, deadlines enforced`;
  }

  async run(job: J, deadline: Deadline): Promise<JobOutcome<R>> {
    if (this.closed) throw new NaschainError('INTERNAL', 'child-process job runner: run() after close()');
    const w = await this.ready();
    const id = ++this.nextId;
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    setRef(w, true);
    return new Promise<JobOutcome<R>>((resolve) => {
      let current = deadline;
      let timer: NodeJS.Timeout | undefined;
      const settle = (o: JobOutcome<R>) => {
        clearTimeout(timer);
        w.onReply = null;
        w.onGone = null;
        if (!w.exitText) setRef(w, false);
        resolve(o);
      };
      const arm = () => {
        clearTimeout(timer);
        if (Number.isFinite(current.ms)) timer = setTimeout(check, Math.min(MAX_TIMER_MS, Math.max(0, current.ms - elapsed())));
      };
      const check = () => {
        if (elapsed() < current.ms) return arm();
        const d = current;
        w.onGone = null;
        w.onReply = null;
        void this.kill(w).then(() => settle({
          ok: false, kind: 'timeout', deadline: d, ms: elapsed(),
          message: `ran past its deadline of ${formatMs(d.ms)} (${d.why}); the worker was killed`,
        }));
      };
      w.onReply = (r) => {
        if (r.type === 'note' && r.id === id) {
          const next = current.revise?.(r.note);
          if (next) {
            current = next;
            arm();
          }
        } else if (r.type === 'result' && r.id === id) {
          settle(r.ok ? { ok: true, value: r.value as R, ms: elapsed() } : { ok: false, kind: 'error', ms: elapsed(), message: r.message });
        }
      };
      w.onGone = (message) => settle({ ok: false, kind: 'died', ms: elapsed(), message });
      // Died between ready() and now: its exit has already been reported to nobody.
      if (w.exitText) return settle({ ok: false, kind: 'died', ms: elapsed(), message: w.exitText });
      arm();
      w.proc.send({ type: 'job', id, job }, (err) => {
        if (err) this.opts.log?.debug(`job worker ${w.pid}: sending job ${id} failed (${err.message})`);
      });
      this.opts.onJobStart?.(w.pid, job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker ?? (this.starting ? await this.starting.catch(() => null) : null);
    if (w) await this.kill(w);
  }

  private async ready(): Promise<LiveWorker> {
    if (this.worker && !this.worker.exitText) return this.worker;
    this.starting ??= this.start().finally(() => { this.starting = null; });
    return this.starting;
  }

  private async kill(w: LiveWorker): Promise<void> {
    if (this.worker === w) this.worker = null;
    if (!w.exitText) {
      // An idle worker is unref'd: without this the loop could end before its exit is seen.
      setRef(w, true);
      w.proc.kill('SIGKILL');
    }
    await w.exited;
  }

  private start(): Promise<LiveWorker> {
    const o = this.opts;
    const execArgv = o.heapMb !== undefined ? [`--max-old-space-size=${o.heapMb}`] : [];
    // fds: stdin, stdout, stderr, replies (WORKER_REPLY_FD), the IPC channel for jobs.
    const env = o.env ? { ...process.env, ...o.env } : process.env;
    const proc = fork(o.entry, o.args ?? [], { execArgv, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    guardChild(proc);
    const w: LiveWorker = {
      proc, pid: proc.pid ?? -1, exited: Promise.resolve(), exitText: null, stderrTail: '', onReply: null, onGone: null,
    };
    if (proc.pid !== undefined) this.pids.push(proc.pid);
    const gone = (message: string) => {
      const cb = w.onGone;
      w.onGone = null;
      w.onReply = null;
      cb?.(message);
    };
    w.exited = new Promise<void>((resolve) => {
      proc.once('exit', (code, signal) => {
        const last = lastLine(w.stderrTail);
        w.exitText = `the worker (pid ${w.pid}) exited with ${signal ? `signal ${signal}` : `code ${code}`}${last ? `: ${last}` : ''}`;
        if (this.worker === w) this.worker = null;
        gone(w.exitText);
        resolve();
      });
    });
    proc.once('error', (e) => o.log?.debug(`job worker ${w.pid}: ${e.message}`));
    const reader = new FrameReader(o.maxReplyBytes ?? DEFAULT_MAX_FRAME_BYTES);
    (proc.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      let replies: unknown[];
      try {
        replies = reader.push(chunk);
      } catch (e) {
        const cb = w.onGone;
        w.onGone = null;
        w.onReply = null;
        void this.kill(w).then(() => cb?.(`its reply was refused (${firstLine(e)}); the worker was killed`));
        return;
      }
      for (const r of replies) if (isWorkerReply(r)) w.onReply?.(r);
    });
    const forward = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'stderr') w.stderrTail = (w.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      for (const line of text.split('\n')) if (line.trim() !== '') o.log?.debug(`job worker ${w.pid} ${stream}: ${line}`);
    };
    proc.stdout?.on('data', forward('stdout'));
    proc.stderr?.on('data', forward('stderr'));

    const timeoutMs = o.startTimeoutMs ?? 120_000;
    return new Promise<LiveWorker>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        void this.kill(w).then(() => reject(new NaschainError('INTERNAL', `job worker ${o.entry}: could not start (${why})`)));
      };
      const timer = setTimeout(() => fail(`not ready after ${formatMs(timeoutMs)}`), timeoutMs);
      w.onGone = (message) => fail(message);
      w.onReply = (r) => {
        if (r.type === 'fatal') return fail(r.message);
        if (r.type !== 'ready') return;
        try {
          o.checkReady?.(r.info);
        } catch (e) {
          return fail(firstLine(e));
        }
        clearTimeout(timer);
        w.onGone = null;
        w.onReply = null;
        this.worker = w;
        setRef(w, false);
        o.log?.debug(`job worker ${w.pid} ready: ${JSON.stringify(r.info)}`);
        resolve(w);
      };
    });
  }
}

/** An idle worker must not keep the parent alive; a busy one must (its reply is awaited). */
function setRef(w: LiveWorker, on: boolean): void {
  const handles = [w.proc, w.proc.channel, w.proc.stdio[1], w.proc.stdio[2], w.proc.stdio[3]] as ({ ref?: () => void; unref?: () => void } | null | undefined)[];
  for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
