// A validator stand-in for the process-safety spec: starts an echo worker on a
// long job, prints the worker's pid, then ends as argv[2] says: 'exit'
// (process.exit while the job runs), 'throw' (an uncaught error), 'idle' (a
// finished job, runner never closed: the process must still end), or 'wait'
// (the spec sends a signal); a third argument 'spin' makes the job block the worker's event loop.
import { echoRunner } from './echo-runner.js';

const mode = process.argv[2] ?? 'wait';
let jobStarted: () => void = () => {};
const started = new Promise<void>((r) => { jobStarted = r; });
const runner = echoRunner({ onJobStart: (pid) => { process.stdout.write(`${pid}\n`); jobStarted(); } });
if (mode === 'idle') {
  await runner.run({ op: 'echo', value: 1 }, { ms: 10_000, why: 'spec' });
} else {
  // 'spin' blocks the worker's event loop: only its watchdog thread can notice the parent is gone.
  void runner.run(process.argv[3] === 'spin' ? { op: 'spin', ms: 60_000 } : { op: 'sleep', ms: 60_000 }, { ms: 120_000, why: 'spec' });
  await started;
  await new Promise((r) => setTimeout(r, 200));
  if (mode === 'exit') process.exit(0);
  if (mode === 'throw') throw new Error('the validator failed');
}
