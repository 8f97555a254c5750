// The job-runner flags of `validate` (--isolate, --eval-timeout,
// --retrain-timeout, --worker-heap-mb), checked and turned into the runner and
// deadlines that runRound takes, the same way for --local and the network.
import { UsageError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import { childRoundRunner, inProcessRoundRunner, workDeadlines } from '../../validator/round/index.js';

export interface RunnerFlags {
  isolate: boolean; evalTimeout?: number; retrainTimeout?: number; workerHeapMb?: number; dataDir?: string;
}

/** Usage errors for flags that do not go together (their values are checked when parsed); call before anything is created. */
export function checkRunnerFlags(args: RunnerFlags): void {
  if (!args.isolate && (args.evalTimeout !== undefined || args.retrainTimeout !== undefined || args.workerHeapMb !== undefined)) {
    throw new UsageError('--no-isolate runs jobs in this process, where no deadline or heap cap can be enforced; drop --eval-timeout, --retrain-timeout and --worker-heap-mb, or --no-isolate');
  }
}

export function roundRunnerOf(args: RunnerFlags, backend: { name: string; tfName: string }, dataset: ImageDataset, config: ValiConfig, log: Logger) {
  const runner = args.isolate
    ? childRoundRunner({ backend: backend.name, tfBackend: backend.tfName, dataset, dataDir: args.dataDir, heapMb: args.workerHeapMb, log })
    : inProcessRoundRunner(dataset);
  const deadlines = workDeadlines(config, dataset, {
    evaluateMs: args.evalTimeout !== undefined ? args.evalTimeout * 1000 : undefined,
    retrainMs: args.retrainTimeout !== undefined ? args.retrainTimeout * 1000 : undefined,
  });
  return { runner, deadlines };
}
