// `naschain check <dir>`: the miner's pre-flight. Runs the validator's own
// code on a model folder (lib/miner/preflight.ts) and prints what a validator
// would conclude; --retrain adds the leak guard's retrain, --against a saved
// round places the model among that round's models (lib/miner/against-round.ts).
import { readFileSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { NaschainError, UsageError } from '../../core/errors.js';
import { fsErrorText } from '../../core/fs-problem.js';
import { scoreAgainstRound, checkRoundResult, type AgainstOutcome } from '../../miner/against-round.js';
import { createContext, type GlobalArgs } from '../context.js';
import { numberOption, SPECS } from '../flag-value.js';
import { exitOnInterrupt } from '../interrupt.js';
import { checkPath, pathOption } from '../path-value.js';
import { modelSetup, preflightText, runPreflight } from './model-preflight.js';

function builder(y: Argv) {
  return y
    .positional('dir', pathOption('model folder', 'folder', 'a folder with model.json and weight shards', 'Model folder (model.json + weight shards, metrics.json from search or train --out)'))
    .option('dataset', { type: 'string', describe: "Dataset the model is for (default: its metrics.json's; one of them is required)" })
    .option('lr', { type: 'string', describe: "Learning rate the model will commit, or 'none' (default: its metrics.json's); needed by --retrain" })
    .option('config', pathOption('--config', 'file', 'a validation config JSON file', "Validation config JSON to score with (default: the dataset's preset; upstream's is cifar100)"))
    .option('data-dir', pathOption('--data-dir', 'folder', 'a folder holding the dataset files', 'Folder holding the dataset files'))
    .option('retrain', { type: 'boolean', default: false, describe: 'Also retrain from fresh weights as the leak guard does (config trainEpochs: slow) and say whether it keeps its place' })
    .option('epochs', numberOption('epochs', SPECS.epochs, "Retrain epochs (default: the config's trainEpochs; fewer only for a quick look, validators use the config's)"))
    .option('against', { type: 'string', coerce: (v: unknown) => (v === 'chain' ? v : checkPath('--against', v, 'file', 'a saved round (naschain validate --json > round.json)')), describe: "A saved round (naschain validate --json > round.json): would it sit on that front, and what weight? ('chain' is not supported: the chain holds commitments, not scored results)" })
    .option('uid', numberOption('uid', SPECS.uid, 'With --against: my uid, whose model in that round this one replaces (default: a new uid)'))
    .example('$0 check runs/macro-fashion-mnist-seed0/front/01-3f2a9c1b7d4e', 'What a validator would conclude (dataset and lr from its metrics.json)')
    .example('$0 check ./my-model --dataset cifar100 --lr 0.025 --retrain --against round.json', 'With the leak guard, placed among the models of a saved round')
    .epilogue('Exit status: 0 when a validator would accept the model (it loads, passes the integrity checks and is scored, even if it is not a Pareto candidate); 1 when it would reject it (it scores 0); 2 for bad usage.');
}

type CheckArgs = GlobalArgs & {
  dir: string; dataset?: string; lr?: string; config?: string; dataDir?: string; retrain: boolean; epochs?: number; against?: string; uid?: number;
};

function readRound(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new NaschainError('NOT_FOUND', `--against ${path}: cannot read it (${fsErrorText(e)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NaschainError('CORRUPT', `--against ${path}: not valid JSON (${(e as Error).message})`);
  }
  return checkRoundResult(raw, path);
}

function againstText(a: AgainstOutcome): string {
  const who = (m: { uid: number; name: string; accuracy: number; params: number; macs: number }) => `uid ${m.uid} ${m.name} (${m.accuracy}%, ${m.params} params, ${m.macs} MACs)`;
  const lines = [`against     ${a.source}: ${a.rivals} scored models${a.replaced ? `, replacing ${a.replaced}` : ''}; this model as uid ${a.uid} at ${a.mine.accuracy}%, ${a.mine.params} params, ${a.mine.macs} MACs`];
  if (a.status === 'front') lines.push(`            on the front: reward ${a.reward.toFixed(6)}, u16 weight ${a.weight} (${(a.weightShare * 100).toFixed(1)}% of the weights set)`);
  else if (a.status === 'tie-lost') lines.push('            ties a model committed earlier with the same numbers: no reward');
  else if (a.status === 'not-candidate') lines.push('            not a candidate (below min accuracy or MACs at the cap): no reward');
  else lines.push(`            dominated by ${a.dominatedBy.map(who).join(', ')}: no reward`);
  if (a.displaces.length) lines.push(`            pushes off the front: ${a.displaces.map(who).join(', ')}`);
  lines.push(`            front then: uids ${a.front.join(', ') || 'none'}`);
  return lines.join('\n');
}

export async function checkHandler(args: CheckArgs): Promise<void> {
  if (args.against === 'chain') {
    throw new UsageError("--against chain: not supported: the chain holds each uid's commitment but not its scored accuracy, params and MACs; save a round with `naschain validate --json > round.json` and pass --against round.json");
  }
  if (args.uid !== undefined && args.against === undefined) throw new UsageError('--uid: only means something with --against FILE');
  const setup = modelSetup(args, args.retrain);
  // Read the round before the slow part, so a bad file fails fast.
  const round = args.against !== undefined ? readRound(args.against) : undefined;
  if (round && round.dataset !== setup.dataset) {
    throw new UsageError(`--against ${args.against}: a round on ${round.dataset}, but the model is for ${setup.dataset}; expected a round of the same dataset`);
  }
  const ctx = createContext(args);
  const stopHandlers = exitOnInterrupt({ log: ctx.log, saved: () => 'nothing to save: check writes nothing; run it again' });
  let preflightOut;
  try {
    preflightOut = await runPreflight(args, setup, args.retrain, ctx.log);
  } finally {
    stopHandlers();
  }
  const { report, backend } = preflightOut;
  let against: AgainstOutcome | null = null;
  if (round && report.metrics) {
    // After the leak guard the round scores the retrained accuracy; without --retrain, assume it keeps the submitted one.
    const accuracy = report.retrain ? report.retrain.accuracyFloor : report.metrics.accuracyFloor;
    against = scoreAgainstRound(round, { accuracy, params: report.metrics.paramsRounded, macs: report.metrics.macsRounded }, args.uid);
  }
  const text = [preflightText(report, setup)];
  if (against) text.push(againstText(against));
  else if (round) text.push('against     not placed: a rejected model scores 0 in any round');
  if (round && against && !report.retrain) text.push('            (assumes the leak guard keeps its accuracy; add --retrain to know)');
  ctx.emit({
    ...report, learningRate: setup.learningRate ?? null, learningRateFrom: setup.learningRateFrom, datasetFrom: setup.datasetFrom,
    backend: backend.name, config: setup.config, against,
  }, text.join('\n'));
  if (report.rejection) throw new NaschainError('INVALID', `model folder ${args.dir}: validators would reject it (${report.rejection.reason})`);
}

export const checkCommand: CommandModule<GlobalArgs, CheckArgs> = {
  command: 'check <dir>',
  describe: "Check a model as a validator would (the validator's own code): accepted or why not, scored numbers, candidate; --retrain, --against a saved round",
  builder: builder as unknown as CommandModule<GlobalArgs, CheckArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<CheckArgs>) => checkHandler(argv),
};
