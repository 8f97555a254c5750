// The worker side of ChildProcessRunner: called by a compiled entry (e.g.
// lib/validator/round/round-job-worker.ts) with a setup (load the backend and
// dataset once) and a handler; then runs the jobs the parent sends, one at a
// time, and replies on the frame pipe.
//
// The worker never outlives its parent: it exits when the IPC channel closes,
// and, because a runaway job can block the event loop for minutes, a watchdog
// thread also SIGKILLs the process as soon as its parent is gone (re-parented).
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { encodeFrame } from './frames.js';
import { firstLine, type JobHandler } from './job-runner.js';
import { WORKER_REPLY_FD, type JobMessage, type WorkerReply } from './protocol.js';

/** The watchdog: a thread of its own, so a blocked main thread cannot stop it. */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
setInterval(() => { if (process.ppid !== workerData.ppid) process.kill(process.pid, 'SIGKILL'); }, 250);
`;

function reply(message: WorkerReply): void {
  const buf = encodeFrame(message);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(WORKER_REPLY_FD, buf, off);
    } catch (e) {
      // The pipe may be non-blocking: wait for the parent to read.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

export async function serveJobs<J, R>(setup: () => Promise<Record<string, unknown>>, handler: JobHandler<J, R>): Promise<void> {
  if (typeof process.send !== 'function') {
    process.stderr.write('this is a naschain job worker: it is started by the validator (ChildProcessRunner), not by hand\n');
    process.exit(2);
  }
  new Worker(WATCHDOG, { eval: true, workerData: { ppid: process.ppid } }).unref();
  process.on('disconnect', () => process.exit(0));
  try {
    reply({ type: 'ready', info: await setup() });
  } catch (e) {
    reply({ type: 'fatal', message: firstLine(e) });
    process.exit(1);
  }
  let queue = Promise.resolve();
  process.on('message', (raw: unknown) => {
    const m = raw as JobMessage<J>;
    if (m?.type !== 'job') return;
    queue = queue.then(async () => {
      try {
        const value = await handler(m.job, (note) => reply({ type: 'note', id: m.id, note }));
        reply({ type: 'result', id: m.id, ok: true, value });
      } catch (e) {
        reply({ type: 'result', id: m.id, ok: false, message: firstLine(e) });
      }
    });
  });
}
