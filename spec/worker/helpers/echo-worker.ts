// A job worker for the runner's specs: no tfjs, starts in milliseconds.
// Jobs: echo a value, sleep, spin (block the event loop), throw, exit, reply
// with a large value, note a progress value. `--fail-setup` makes its setup throw.
import { serveJobs } from '../../../lib/worker/serve-jobs.js';

export type EchoJob =
  | { op: 'echo'; value: unknown }
  | { op: 'sleep'; ms: number }
  | { op: 'spin'; ms: number }
  | { op: 'throw'; message: string }
  | { op: 'exit'; code: number }
  | { op: 'big'; bytes: number }
  | { op: 'note-then-sleep'; note: number; ms: number };

await serveJobs<EchoJob, unknown>(async () => {
  if (process.argv.includes('--fail-setup')) throw new Error('setup refused on purpose');
  return { pid: process.pid };
}, async (job, note) => {
  switch (job.op) {
    case 'echo': return job.value;
    case 'sleep': await new Promise((r) => setTimeout(r, job.ms)); return 'slept';
    case 'spin': { const end = Date.now() + job.ms; while (Date.now() < end); return 'spun'; }
    case 'throw': throw new Error(`${job.message}\nsecond line`);
    case 'exit': process.exit(job.code);
    // falls through (exit does not return)
    case 'big': return 'x'.repeat(job.bytes);
    case 'note-then-sleep': note({ extra: job.note }); await new Promise((r) => setTimeout(r, job.ms)); return 'noted';
  }
});
