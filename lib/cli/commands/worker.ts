// `naschain worker --redis URL`: serves the evaluation jobs that `search
// --redis URL` and `validate --redis URL` queue, on this machine's cores
// (--concurrency job processes), until SIGINT or SIGTERM. Run one per machine.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { defaultWorkers } from '../../jobs/local-pool.js';
import { checkRedisUrl, redactUrl } from '../../worker/redis-url.js';
import { createContext, type GlobalArgs } from '../context.js';
import { intRangeFlag, positiveFlag } from '../flag-value.js';
import { backendLine } from './metrics-text.js';

type WorkerArgs = GlobalArgs & { redis: string; concurrency?: number; dataDir?: string; stallTimeout: number };

function builder(y: Argv) {
  return y
    .option('redis', { type: 'string', demandOption: true, describe: 'The Redis the coordinators use (redis://host:port)' })
    .option('concurrency', { type: 'number', describe: 'Jobs run at once, each in a process of its own on one thread (default: one per core, 1 on a GPU backend)' })
    .option('data-dir', { type: 'string', describe: 'Folder holding the dataset files (a worker never downloads; the embedded subset needs none)' })
    .option('stall-timeout', { type: 'number', default: 30, describe: 'Seconds after which a job held by a worker that stopped (killed, machine lost) goes to another worker' })
    .example('$0 worker --redis redis://10.0.0.5:6379 --backend wasm', 'Serve the wasm queue with every core of this machine')
    .epilogue('Jobs wait in the queue of their backend (jobs-wasm, jobs-cpu, ...): give workers the --backend the coordinator runs on. See docs/workers.md.');
}

export async function workerHandler(args: WorkerArgs): Promise<void> {
  const why = checkRedisUrl(args.redis);
  if (why) throw new UsageError(`--redis: expected ${why}`);
  intRangeFlag('concurrency', args.concurrency, 1, 1024);
  positiveFlag('stall-timeout', args.stallTimeout, false);
  const ctx = createContext(args);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  ctx.log.info(backendLine(backend));
  const concurrency = args.concurrency ?? defaultWorkers(backend);
  const { startQueueWorker } = await import('../../jobs/queue-worker.js');
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const worker = await startQueueWorker({
    url: args.redis, backend: backend.name, tfBackend: backend.tfName, concurrency, dataDir: args.dataDir, stallMs: args.stallTimeout * 1000, log: ctx.log,
  });
  ctx.log.info(`worker: serving queue ${worker.queue} at ${redactUrl(args.redis)} with ${concurrency} job process${concurrency === 1 ? '' : 'es'}; stop with Ctrl-C`);
  const signal = await stopped;
  ctx.log.info(`${signal}: stopping; a job in progress goes to another worker after the stall timeout (${args.stallTimeout} s)`);
  await worker.close();
}

export const workerCommand: CommandModule<GlobalArgs, WorkerArgs> = {
  command: 'worker',
  describe: 'Run the evaluation jobs that search/validate --redis coordinators queue',
  builder: builder as unknown as CommandModule<GlobalArgs, WorkerArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<WorkerArgs>) => workerHandler(argv),
};
