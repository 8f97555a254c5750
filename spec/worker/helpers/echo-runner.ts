// The echo worker's runner and pid checks, shared by the worker specs.
import { join } from 'node:path';
import { repoRoot } from '../../helpers/cli.js';
import { ChildProcessRunner, type ChildRunnerOptions } from '../../../lib/worker/child-runner.js';
import type { EchoJob } from './echo-worker.js';

export const ECHO_WORKER = join(repoRoot, 'dist/spec/worker/helpers/echo-worker.js');

export function echoRunner(o: Partial<ChildRunnerOptions<EchoJob>> = {}): ChildProcessRunner<EchoJob, unknown> {
  return new ChildProcessRunner<EchoJob, unknown>({ entry: ECHO_WORKER, ...o });
}

/** True while `pid` exists, zombie included (kill 0 succeeds on an unreaped child). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Waits up to `ms` for `pid` to be gone; returns whether it is. */
export async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
