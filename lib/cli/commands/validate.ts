// `naschain validate`: on the network (default) a service that scores every
// commitment of the subnet each round and sets weights with the validator's
// hotkey (validate-network.ts); with `--local DIR` one complete scoring round
// over a folder of submissions, offline: integrity checks, evaluation, the
// retrain loop, rewards and the u16 weights bittensor would emit. Prints the
// table (or one JSON document with --json) and can write an HTML report.
import { intRangeFlag } from '../flag-value.js';
import { checkRunnerFlags, roundRunnerOf } from './round-runner-flags.js';
import { jobOptions, type JobFlags } from './job-flags.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { loadValiConfig, valiPreset, type ValiConfig } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { DEFAULT_DATASET, getDescriptor } from '../../data/registry.js';
import { u16ToFraction, U16_MAX } from '../../score/bittensor-weights.js';
import { StateStore } from '../../validator/state-store.js';
import {
  LocalFolderSource, RetrainJournal, formatRoundTable, guardStateConfig, runRound,
} from '../../validator/round/index.js';
import { validatorReportHtml } from '../../report/validator-report.js';
import { createContext, type GlobalArgs } from '../context.js';
import { backendLine } from './metrics-text.js';
import { chainOptions, type ChainArgs } from './chain.js';
import { validateNetwork } from './validate-network.js';

/** Defaults when the chain is not asked: the subtensor values a new subnet gets today (the fake chain's too). */
export const DEFAULT_MIN_ALLOWED_WEIGHTS = 1;
export const DEFAULT_MAX_WEIGHTS_LIMIT_U16 = U16_MAX;
export const DEFAULT_STATE_DIR = './validator-state';

function builder(y: Argv) {
  return jobOptions(chainOptions(y))
    .option('local', { type: 'string', describe: 'Score a folder of submissions offline (one sub-folder per submission: model files + submission.json) instead of the network' })
    .option('state', { type: 'string', default: DEFAULT_STATE_DIR, describe: 'Validator state folder (results, retrain journal; on the network also rounds.jsonl, report.html, pending reveals); a result is computed once, ever' })
    .option('config', { type: 'string', describe: 'Validation config JSON (default: the preset of --dataset)' })
    .option('dataset', { type: 'string', describe: `Dataset (default: the config's, else ${DEFAULT_DATASET})` })
    .option('data-dir', { type: 'string', describe: 'Folder holding the dataset files' })
    .option('epochs', { type: 'number', describe: "Retrain epochs (default: the config's trainEpochs; small values for tests)" })
    .option('retrain', { type: 'boolean', default: true, describe: 'Retrain the Pareto front (--no-retrain: evaluation only, no leak guard; --local only)' })
    .option('once', { type: 'boolean', default: false, describe: 'Network: run one round, set weights and exit (default: loop, a round every --interval blocks)' })
    .option('interval', { type: 'number', describe: "Network: blocks from one round's start to the next (default: the subnet's tempo)" })
    .option('poll', { type: 'number', default: 12, describe: 'Network: seconds between reads of the best block while waiting' })
    .option('hf-endpoint', { type: 'string', describe: 'Network: Hub URL (default https://huggingface.co); a token (HF_TOKEN) is optional, public repos need none' })
    .option('cache-dir', { type: 'string', describe: 'Network: model download cache (default ~/.cache/naschain/models)' })
    .option('min-allowed-weights', { type: 'number', describe: `--local only: the subnet's MinAllowedWeights (default ${DEFAULT_MIN_ALLOWED_WEIGHTS}; on the network the chain's)` })
    .option('max-weight-limit', { type: 'number', describe: `--local only: MaxWeightsLimit as the chain stores it (u16, 65535 = 1.0; default ${DEFAULT_MAX_WEIGHTS_LIMIT_U16}; on the network the chain's)` })
    .option('subnet-size', { type: 'number', describe: "--local only: neurons in the subnet (default: highest uid + 1; on the network the chain's)" })
    .option('report', { type: 'string', describe: '--local only: write a self-contained HTML report here (the network service writes <state>/report.html)' })
    .option('eval-timeout', { type: 'number', describe: 'Seconds one evaluation may run before its worker is killed (eval-timeout); default: derived from the model\'s MACs (docs/validate-deadlines.md)' })
    .option('retrain-timeout', { type: 'number', describe: 'Seconds one retrain may run before its worker is killed (retrain-timeout); default: derived from epochs, images and MACs' })
    .option('isolate', { type: 'boolean', default: true, describe: 'Run evaluations and retrains in a worker process killed at their deadline (--no-isolate: in this process, no deadline)' })
    .option('worker-heap-mb', { type: 'number', describe: "The worker's JS heap cap in MiB (node --max-old-space-size; tensors in wasm memory are outside it). Default: Node's" })
    .example('$0 validate --once --subtensor.network test --wallet.name vali --wallet.hotkey default --state ./vali-state', 'One network round on testnet (netuid 123): score, set weights, exit')
    .example('$0 validate --subtensor.network finney --wallet.name vali --wallet.hotkey default --state ./vali-state', 'The validator service on finney (netuid 31): a round every tempo')
    .example('$0 validate --local ./submissions', 'Score a folder of submissions with the preset recipe')
    .example('$0 validate --local spec/fixtures/submissions --config spec/fixtures/submissions-config.json --report round.html', 'The fixture round with a 3-epoch retrain, plus an HTML report')
    .epilogue('Commit-reveal: when the subnet has it on, naschain supports only hash commit-reveal (commit_weights, then reveal_weights in the reveal epoch; pending reveals kept in <state>/pending-reveals.json). A subnet that needs encrypted (CRv3) or drand-timelocked (CommitRevealWeightsVersion 3 or 4) commits is refused with one line. See docs/validator.md.');
}

export type ValidateArgs = ChainArgs & JobFlags & {
  local?: string; state: string; config?: string; dataset?: string; dataDir?: string; epochs?: number; retrain: boolean;
  once: boolean; interval?: number; poll: number; hfEndpoint?: string; cacheDir?: string;
  minAllowedWeights?: number; maxWeightLimit?: number; subnetSize?: number; report?: string;
  evalTimeout?: number; retrainTimeout?: number; isolate: boolean; workerHeapMb?: number;
};


function configOf(args: ValidateArgs): ValiConfig {
  const fromFile = args.config !== undefined ? loadValiConfig(args.config) : undefined;
  const dataset = getDescriptor(args.dataset ?? fromFile?.dataset ?? DEFAULT_DATASET).name;
  const config = fromFile ? { ...fromFile, dataset } : valiPreset(dataset);
  // --seed overrides a config file's seed only when given (its default 0 is the presets' seed).
  if (!fromFile || args.seed !== 0) config.seed = args.seed;
  if (args.epochs !== undefined) config.trainEpochs = args.epochs;
  return config;
}

export async function validateHandler(args: ValidateArgs): Promise<void> {
  intRangeFlag('epochs', args.epochs, 1);
  checkRunnerFlags(args);
  if (args.local === undefined) return validateNetwork(args, configOf(args));
  return validateLocal({ ...args, local: args.local });
}

async function validateLocal(args: ValidateArgs & { local: string }): Promise<void> {
  intRangeFlag('min-allowed-weights', args.minAllowedWeights, 0, U16_MAX);
  intRangeFlag('max-weight-limit', args.maxWeightLimit, 0, U16_MAX);
  intRangeFlag('subnet-size', args.subnetSize, 1, U16_MAX + 1);
  // Check the input before the state folder is created for nothing.
  if (!existsSync(args.local)) throw new UsageError(`--local ${args.local}: no such folder, expected a folder of submission folders`);
  const ctx = createContext(args);
  const config = configOf(args);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  ctx.log.info(backendLine(backend));
  const dataset = await loadDataset(config.dataset, { dataDir: args.dataDir, log: ctx.log });
  guardStateConfig(args.state, config, backend.name);
  const store = StateStore.open(args.state);
  const { runner, deadlines } = await roundRunnerOf(args, backend, dataset, config, ctx.log);
  try {
    ctx.log.info(`round over ${args.local}: ${dataset.name}, min accuracy ${config.minAccuracy}%, retrain ${args.retrain ? `${config.trainEpochs} epochs, seed ${config.seed}` : 'off'}, state ${store.path}`);
    ctx.log.info(`jobs: ${runner.description}`);
    const result = await runRound(new LocalFolderSource(args.local), {
      dataset, config, store, journal: new RetrainJournal(args.state), backend: backend.name, retrain: args.retrain, runner, deadlines,
      limits: { minAllowedWeights: args.minAllowedWeights ?? DEFAULT_MIN_ALLOWED_WEIGHTS, maxWeightLimit: u16ToFraction(args.maxWeightLimit ?? DEFAULT_MAX_WEIGHTS_LIMIT_U16) },
      ...(args.subnetSize !== undefined ? { subnetSize: args.subnetSize } : {}), log: ctx.log,
    });
    if (args.report !== undefined) {
      mkdirSync(dirname(args.report), { recursive: true });
      writeFileSync(args.report, validatorReportHtml(result));
      ctx.log.info(`report: ${args.report}`);
    }
    ctx.emit(result, formatRoundTable(result));
  } finally {
    await runner.close();
    store.close();
  }
}

export const validateCommand: CommandModule<GlobalArgs, ValidateArgs> = {
  command: 'validate',
  describe: "Score the subnet's submissions (integrity, accuracy, params, MACs, retrain the front, rewards) and set weights; --local: offline over a folder",
  builder: builder as unknown as CommandModule<GlobalArgs, ValidateArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<ValidateArgs>) => validateHandler(argv),
};
