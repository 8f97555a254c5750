// `naschain validate`: on the network (default) a service that scores every
// commitment of the subnet each round and sets weights with the validator's
// hotkey (validate-network.ts); with `--local DIR` one complete scoring round
// over a folder of submissions, offline: integrity checks, evaluation, the
// retrain loop, rewards and the u16 weights bittensor would emit. Prints the
// table (or one JSON document with --json) and can write an HTML report.
import { checkRunnerFlags, roundRunnerOf } from './round-runner-flags.js';
import { jobOptions, type JobFlags } from './job-flags.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { configForDataset, loadValiConfig, UPSTREAM_DATASET, type ValiConfig } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { getDescriptor } from '../../data/registry.js';
import { u16ToFraction, U16_MAX } from '../../score/bittensor-weights.js';
import { StateStore } from '../../validator/state-store.js';
import {
  LocalFolderSource, RetrainJournal, formatRoundTable, guardStateConfig, runRound,
} from '../../validator/round/index.js';
import { validatorReportHtml } from '../../report/validator-report.js';
import { createContext, type GlobalArgs } from '../context.js';
import { numberOption, SPECS, type NumberSpec } from '../flag-value.js';
import { exitOnInterrupt } from '../interrupt.js';
import { pathOption } from '../path-value.js';
import { backendLine } from './metrics-text.js';
import { chainOptions, type ChainArgs } from './chain.js';
import { DEFAULT_POLL_S, validateNetwork } from './validate-network.js';

/** Defaults when the chain is not asked: the subtensor values a new subnet gets today (the fake chain's too). */
export const DEFAULT_MIN_ALLOWED_WEIGHTS = 1;
export const DEFAULT_MAX_WEIGHTS_LIMIT_U16 = U16_MAX;
export const DEFAULT_STATE_DIR = './validator-state';

/** Ranges of validate's own flags (the shared ones are in flag-value.ts). */
const VALIDATE_SPECS = {
  interval: { integer: true, min: 1, max: 1_000_000, unit: 'blocks' },
  poll: { integer: false, min: 0, minExclusive: true, max: 3600, unit: 'seconds' },
  subnetSize: { integer: true, min: 1, max: U16_MAX + 1 },
  workerHeapMb: { integer: true, min: 64, max: 1_048_576, unit: 'MiB' },
} as const satisfies Record<string, NumberSpec>;

function builder(y: Argv) {
  return jobOptions(chainOptions(y))
    .option('local', pathOption('--local', 'folder', 'a folder of submission folders', 'Score a folder of submissions offline (one sub-folder per submission: model files + submission.json) instead of the network'))
    .option('state', { ...pathOption('--state', 'new-folder', "the validator's state folder (created if missing)", 'Validator state folder (results, retrain journal; on the network also rounds.jsonl, report.html, pending reveals); a result is computed once, ever'), default: DEFAULT_STATE_DIR })
    .option('config', pathOption('--config', 'file', 'a validation config JSON file', `Validation config JSON (default: the preset of --dataset, else upstream's ${UPSTREAM_DATASET} preset)`))
    .option('dataset', { type: 'string', describe: `Dataset (default: the config's, else ${UPSTREAM_DATASET}); with --config, it must be the config's` })
    .option('data-dir', pathOption('--data-dir', 'folder', 'a folder holding the dataset files', 'Folder holding the dataset files'))
    .option('epochs', numberOption('epochs', SPECS.epochs, "Retrain epochs (default: the config's trainEpochs; small values for tests)"))
    .option('retrain', { type: 'boolean', default: true, describe: 'Retrain the Pareto front (--no-retrain: evaluation only, no leak guard; --local only)' })
    .option('once', { type: 'boolean', default: false, describe: 'Network: run one round, set weights and exit (default: loop, a round every --interval blocks)' })
    .option('interval', numberOption('interval', VALIDATE_SPECS.interval, "Network: blocks from one round's start to the next (default: the subnet's tempo)"))
    .option('poll', numberOption('poll', VALIDATE_SPECS.poll, `Network: seconds between reads of the best block while waiting (default ${DEFAULT_POLL_S})`))
    .option('hf-endpoint', { type: 'string', describe: 'Network: Hub URL (default https://huggingface.co); a token is optional (public repos need none), read as huggingface_hub does (HF_TOKEN, ~/.cache/huggingface/token)' })
    .option('cache-dir', pathOption('--cache-dir', 'new-folder', 'a folder for the model download cache', 'Network: model download cache (default ~/.cache/naschain/models)'))
    .option('min-allowed-weights', numberOption('min-allowed-weights', SPECS.u16, `--local only: the subnet's MinAllowedWeights (default ${DEFAULT_MIN_ALLOWED_WEIGHTS}; on the network the chain's)`))
    .option('max-weight-limit', numberOption('max-weight-limit', SPECS.u16, `--local only: MaxWeightsLimit as the chain stores it (u16, 65535 = 1.0; default ${DEFAULT_MAX_WEIGHTS_LIMIT_U16}; on the network the chain's)`))
    .option('subnet-size', numberOption('subnet-size', VALIDATE_SPECS.subnetSize, "--local only: neurons in the subnet (default: highest uid + 1; on the network the chain's)"))
    .option('report', pathOption('--report', 'new-file', 'a file to write the HTML report to', '--local only: write a self-contained HTML report here (the network service writes <state>/report.html)'))
    .option('eval-timeout', numberOption('eval-timeout', SPECS.seconds, 'Seconds one evaluation may run before its worker is killed (eval-timeout); default: derived from the model\'s MACs (docs/validate-deadlines.md)'))
    .option('retrain-timeout', numberOption('retrain-timeout', SPECS.seconds, 'Seconds one retrain may run before its worker is killed (retrain-timeout); default: derived from epochs, images and MACs'))
    .option('isolate', { type: 'boolean', default: true, describe: 'Run evaluations and retrains in a worker process killed at their deadline (--no-isolate: in this process, no deadline)' })
    .option('worker-heap-mb', numberOption('worker-heap-mb', VALIDATE_SPECS.workerHeapMb, "The worker's JS heap cap in MiB (node --max-old-space-size; tensors in wasm memory are outside it). Default: Node's"))
    .example('$0 validate --once --subtensor.network test --wallet.name vali --wallet.hotkey default --state ./vali-state', 'One network round on testnet (netuid 123): score, set weights, exit')
    .example('$0 validate --subtensor.network finney --wallet.name vali --wallet.hotkey default --state ./vali-state', 'The validator service on finney (netuid 31): a round every tempo')
    .example('$0 validate --local ./submissions', 'Score a folder of submissions with the preset recipe')
    .example('$0 validate --local spec/fixtures/submissions --config spec/fixtures/submissions-config.json --report round.html', 'The fixture round with a 3-epoch retrain, plus an HTML report')
    .epilogue('Commit-reveal: when the subnet has it on, naschain supports only hash commit-reveal (commit_weights, then reveal_weights in the reveal epoch; pending reveals kept in <state>/pending-reveals.json). A subnet that needs encrypted (CRv3) or drand-timelocked (CommitRevealWeightsVersion 3 or 4) commits is refused with one line. See docs/validator.md.');
}

export type ValidateArgs = ChainArgs & JobFlags & {
  local?: string; state: string; config?: string; dataset?: string; dataDir?: string; epochs?: number; retrain: boolean;
  once: boolean; interval?: number; poll?: number; hfEndpoint?: string; cacheDir?: string;
  minAllowedWeights?: number; maxWeightLimit?: number; subnetSize?: number; report?: string;
  evalTimeout?: number; retrainTimeout?: number; isolate: boolean; workerHeapMb?: number;
};


/** A validator's dataset comes from its config; without one, --dataset's preset, else upstream's (CIFAR-100). */
function configOf(args: ValidateArgs): ValiConfig {
  const fromFile = args.config !== undefined ? loadValiConfig(args.config) : undefined;
  const dataset = getDescriptor(args.dataset ?? fromFile?.dataset ?? UPSTREAM_DATASET).name;
  const config = configForDataset(args.config, dataset, '--dataset');
  // --seed overrides a config file's seed only when given (its default 0 is the presets' seed).
  if (!fromFile || args.seed !== 0) config.seed = args.seed;
  if (args.epochs !== undefined) config.trainEpochs = args.epochs;
  return config;
}

export async function validateHandler(args: ValidateArgs): Promise<void> {
  checkRunnerFlags(args);
  if (args.local === undefined) return validateNetwork(args, configOf(args));
  return validateLocal({ ...args, local: args.local });
}

async function validateLocal(args: ValidateArgs & { local: string }): Promise<void> {
  const ctx = createContext(args);
  const config = configOf(args);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  ctx.log.info(backendLine(backend));
  const dataset = await loadDataset(config.dataset, { dataDir: args.dataDir, log: ctx.log });
  guardStateConfig(args.state, config, backend.name);
  const store = StateStore.open(args.state);
  const { runner, deadlines } = await roundRunnerOf(args, backend, dataset, config, ctx.log);
  const stopHandlers = exitOnInterrupt({
    log: ctx.log,
    saved: () => `${stateSummary(args.state, store)}; run the same command again: finished results are reused, not recomputed`,
    cleanup: () => store.close(),
  });
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
    stopHandlers();
    await runner.close();
    store.close();
  }
}

/** What the state folder holds: for the interrupt message. */
export function stateSummary(state: string, store: StateStore): string {
  return `saved in ${state}: ${store.listResults().length} model result(s) in validator.sqlite, ${new RetrainJournal(state).read().length} retrain journal line(s)`;
}

export const validateCommand: CommandModule<GlobalArgs, ValidateArgs> = {
  command: 'validate',
  describe: "Score the subnet's submissions (integrity, accuracy, params, MACs, retrain the front, rewards) and set weights; --local: offline over a folder",
  builder: builder as unknown as CommandModule<GlobalArgs, ValidateArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<ValidateArgs>) => validateHandler(argv),
};
