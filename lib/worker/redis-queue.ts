// Jobs over Redis with BullMQ, for more than one machine. The coordinator side
// (QueueCoordinator) queues a job under a content-addressed id and waits for
// its answer; the worker side (QueueConsumer) pulls jobs and runs them with a
// handler. What BullMQ gives: a job a worker holds is locked, the lock renewed
// while the worker lives; a worker killed mid-job (kill -9) stops renewing and
// the stalled-job check of any other worker puts the job back in the queue.
//
// Redis is not the record: the coordinator's run folder or state is. The
// coordinator polls each job's state (events only wake it early), and a job
// that is gone (Redis restarted without persistence, a flush) is queued again
// under the same id; a job already answered (kept a day) is found again by a
// coordinator that restarts, so no evaluation is counted twice or lost.
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { firstLine, formatMs } from './job-runner.js';
import { redactUrl } from './redis-url.js';

/** Answered jobs stay this long (seconds): a restarted coordinator finds its answers. */
export const KEEP_ANSWERS_S = 24 * 3600;
export const QUEUE_PREFIX = 'naschain';

export type QueueAnswer<R> = { ok: true; value: R; ms: number } | { ok: false; message: string; ms: number };

/** A connection that retries forever (BullMQ's requirement for workers). */
function connect(url: string): Redis {
  const conn = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 10_000, retryStrategy: (n) => Math.min(100 * n, 2000) });
  conn.on('error', () => { /* watchOutage reports it, once */ });
  return conn;
}

/** Reports an outage once, not per retry, and the reconnection. */
function watchOutage(conn: Redis, url: string, log?: Logger): void {
  let down = false;
  conn.on('error', (e: Error) => {
    if (!down) log?.warn(`redis ${redactUrl(url)}: ${firstLine(e)}; reconnecting`);
    down = true;
  });
  conn.on('ready', () => {
    if (down) log?.info(`redis ${redactUrl(url)}: connected again`);
    down = false;
  });
}

async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new NaschainError('NETWORK', `${what}: no answer within ${formatMs(ms)}`)), ms); });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** At start a refused or failing connection is a mistake to report at once, not to retry forever. */
async function reachable(conn: Redis, url: string, ms: number): Promise<void> {
  let onError: ((e: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => { onError = reject; conn.once('error', onError); });
  try {
    await withDeadline(Promise.race([conn.ping(), failed]), ms, `redis ${redactUrl(url)}`);
  } catch (e) {
    conn.disconnect();
    throw new NaschainError('NETWORK', `redis ${redactUrl(url)}: cannot reach it (${firstLine(e)}); is redis-server running there?`);
  } finally {
    if (onError) conn.off('error', onError);
  }
}

export interface CoordinatorOptions {
  url: string;
  queue: string;
  /** Between looks at a job's state (events wake earlier). Default 500 ms. */
  pollMs?: number;
  /** Redis unreachable this long fails the waiting jobs' callers. Default 10 min. */
  unreachableMs?: number;
  log?: Logger;
}

export class QueueCoordinator<J, R> {
  private readonly wake = new Map<string, Set<() => void>>();
  private closed = false;

  private constructor(private readonly o: CoordinatorOptions, private readonly queue: Queue, private readonly events: QueueEvents, private readonly conns: Redis[]) {
    const poke = ({ jobId }: { jobId: string }) => this.wake.get(jobId)?.forEach((f) => f());
    events.on('completed', poke);
    events.on('failed', poke);
    events.on('error', () => { /* reported by the connection */ });
    queue.on('error', () => { /* reported by the connection */ });
  }

  static async open<J, R>(o: CoordinatorOptions): Promise<QueueCoordinator<J, R>> {
    const conn = connect(o.url);
    await reachable(conn, o.url, 10_000);
    watchOutage(conn, o.url, o.log);
    const eventsConn = connect(o.url);
    const queue = new Queue(o.queue, { connection: conn, prefix: QUEUE_PREFIX });
    const events = new QueueEvents(o.queue, { connection: eventsConn, prefix: QUEUE_PREFIX });
    return new QueueCoordinator<J, R>(o, queue, events, [conn, eventsConn]);
  }

  /** Queues `data` as job `id` unless Redis holds that job already, then waits for its answer. */
  async submit(id: string, data: J): Promise<QueueAnswer<R>> {
    const started = performance.now();
    const ms = () => performance.now() - started;
    const pollMs = this.o.pollMs ?? 500;
    const unreachableMs = this.o.unreachableMs ?? 600_000;
    let lastReached = performance.now();
    let added = false;
    let wakeUp: () => void = () => {};
    const wakers = this.wake.get(id) ?? new Set<() => void>();
    this.wake.set(id, wakers);
    const waker = () => wakeUp();
    wakers.add(waker);
    try {
      for (;;) {
        if (this.closed) throw new NaschainError('INTERNAL', 'queue coordinator: closed while a job was waiting');
        try {
          const state = await withDeadline(this.queue.getJobState(id), 30_000, `redis job ${id}`);
          lastReached = performance.now();
          if (state === 'completed' || state === 'failed') {
            const job = (await withDeadline(this.queue.getJob(id), 30_000, `redis job ${id}`)) as Job<J, R> | undefined;
            if (job && state === 'completed') return { ok: true, value: job.returnvalue, ms: ms() };
            if (job) return { ok: false, message: job.failedReason || 'failed without a reason', ms: ms() };
          } else if (state === 'unknown') {
            if (added) this.o.log?.warn(`redis job ${id}: no longer in Redis (restarted or flushed?); queued again`);
            await withDeadline(this.queue.add('job', data, { jobId: id, removeOnComplete: { age: KEEP_ANSWERS_S }, removeOnFail: { age: KEEP_ANSWERS_S } }), 30_000, `redis job ${id}`);
            added = true;
            continue;
          }
        } catch (e) {
          if (performance.now() - lastReached > unreachableMs) {
            throw new NaschainError('NETWORK', `redis ${redactUrl(this.o.url)}: unreachable for ${formatMs(unreachableMs)} (${firstLine(e)}); every finished evaluation is saved: continue with --resume`);
          }
          this.o.log?.debug(`redis job ${id}: ${firstLine(e)}; trying again`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wakeUp = () => { clearTimeout(timer); resolve(); };
        });
      }
    } finally {
      wakers.delete(waker);
      if (wakers.size === 0) this.wake.delete(id);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    for (const c of this.conns) c.disconnect();
  }
}

export interface ConsumerOptions {
  url: string;
  queue: string;
  /** Jobs run at once. */
  concurrency: number;
  /** A job whose worker stops renewing its lock this long is given to another worker. Default 30 s. */
  stallMs?: number;
  /** Runs a job; a throw fails the job with its first line as the reason (not retried). */
  handle(data: unknown, id: string): Promise<unknown>;
  log?: Logger;
}

export class QueueConsumer {
  private constructor(private readonly worker: Worker, private readonly conns: Redis[]) {}

  static async start(o: ConsumerOptions): Promise<QueueConsumer> {
    const conn = connect(o.url);
    await reachable(conn, o.url, 10_000);
    watchOutage(conn, o.url, o.log);
    const stallMs = o.stallMs ?? 30_000;
    const worker = new Worker(o.queue, async (job: Job) => {
      try {
        return await o.handle(job.data, job.id ?? '');
      } catch (e) {
        throw new Error(firstLine(e));
      }
    }, {
      connection: conn, prefix: QUEUE_PREFIX, concurrency: o.concurrency,
      lockDuration: stallMs, stalledInterval: Math.max(500, Math.round(stallMs / 2)),
      // A job is put back after each worker death; a third death fails it (a job that kills every worker it meets).
      maxStalledCount: 2,
      removeOnComplete: { age: KEEP_ANSWERS_S }, removeOnFail: { age: KEEP_ANSWERS_S },
    });
    worker.on('error', (e) => o.log?.debug(`queue worker: ${firstLine(e)}`));
    worker.on('stalled', (id) => o.log?.info(`redis job ${id}: its worker stopped; queued again`));
    await worker.waitUntilReady();
    return new QueueConsumer(worker, [conn]);
  }

  /** Stops taking jobs. `now`: do not wait for the running ones (their locks lapse and another worker takes them). */
  async close(now: boolean): Promise<void> {
    await this.worker.close(now).catch(() => {});
    for (const c of this.conns) c.disconnect();
  }
}
