// `naschain search`: NSGA-II over a search space, cheap multi-fidelity
// evaluation, the chosen front trained with the validation recipe, a run
// folder that survives kills (--resume) and a self-contained report.html.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError, UsageError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { SearchSpace } from '../../search/space.js';
import { valiPreset } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { DEFAULT_DATASET, getDescriptor } from '../../data/registry.js';
import { builtinSpaceNames, loadSearchSpace } from '../../search/space-file.js';
import { defaultSettings, QUICK_DATASET, QUICK_FINAL_EPOCHS } from '../../searcher/defaults.js';
import { progressView } from '../../searcher/progress-view.js';
import { RUN_FILES, readJson, readRecords, writeJsonAtomic } from '../../searcher/run-files.js';
import { SearchRun } from '../../searcher/search-run.js';
import { epochsText } from '../../searcher/final-plan.js';
import { checkSettings, type SearchSettings } from '../../searcher/settings.js';
import { seedGenomes } from '../../searcher/seed-genomes.js';
import { TfjsEvaluator } from '../../searcher/tfjs-evaluator.js';
import { pickToSubmit, runEnd, submitAdvice, submitAdviceLines } from '../../searcher/submit-pick.js';
import { writeSearchReport } from '../../searcher/write-report.js';
import { createContext, type GlobalArgs } from '../context.js';
import { checkJobFlags, jobOptions, searchRunner, type JobFlags } from './job-flags.js';
import { datasetRef } from '../../jobs/naschain-job.js';
import { numberOption, SPECS, type NumberSpec } from '../flag-value.js';
import { exitOnInterrupt } from '../interrupt.js';
import { checkPath, pathOption } from '../path-value.js';

/** Ranges of the search flags: wide enough for any real run, small enough that a typo cannot hang the start. */
const SEARCH_SPECS = {
  population: { integer: true, min: 1, max: 10_000 },
  generations: { integer: true, min: 1, max: 100_000 },
  /** One year. */
  timeBudget: { integer: false, min: 0, minExclusive: true, max: 525_600, unit: 'minutes' },
  maxParams: { integer: true, min: 1, max: 1e12 },
  maxMacs: { integer: true, min: 1, max: 1e15 },
} as const satisfies Record<string, NumberSpec>;

export const DEFAULT_SPACE = 'macro';

function builder(y: Argv) {
  return jobOptions(y)
    .option('space', { type: 'string', describe: `Search space: macro, cell or a path to a space JSON file (default ${DEFAULT_SPACE})` })
    .option('dataset', { type: 'string', describe: `Dataset (default ${DEFAULT_DATASET})` })
    .option('data-dir', pathOption('--data-dir', 'folder', 'a folder holding the dataset files', 'Folder holding the dataset files'))
    .option('population', numberOption('population', SEARCH_SPECS.population, 'NSGA-II population (default 6 on the embedded subset, else 16)'))
    .option('generations', numberOption('generations', SEARCH_SPECS.generations, 'Generations including the first (default 2 on the embedded subset, else 30)'))
    .option('time-budget', numberOption('time-budget', SEARCH_SPECS.timeBudget, 'Minutes for the whole run, final training included (default 10 on the embedded subset, else none); with --resume: the new budget of the whole run, time already spent included'))
    .option('max-params', numberOption('max-params', SEARCH_SPECS.maxParams, 'Parameter cap (default: the download size limit / 4 bytes)'))
    .option('max-macs', numberOption('max-macs', SEARCH_SPECS.maxMacs, "MAC cap on the rounded count (default: the preset's maxMacs)"))
    .option('final-epochs', numberOption('final-epochs', SPECS.epochs, `Epochs of the final training (default: the preset's; ${QUICK_FINAL_EPOCHS} on ${QUICK_DATASET}); cut when the time budget leaves too little for the most accurate and a small model`))
    .option('draw-feasible', { type: 'boolean', describe: 'NSGA-II draws again every new genome over --max-params/--max-macs (counted untrained) instead of letting it be refused: full generations, but of costlier models (docs/miner.md)' })
    .option('out', pathOption('--out', 'new-folder', 'a folder to create (or an empty one)', 'Run folder (default ./runs/<space>-<dataset>-seed<seed>)'))
    .option('resume', pathOption('--resume', 'folder', 'the run folder of an earlier naschain search', 'Continue the run saved in this folder (its own settings are used; --time-budget may be given anew)'))
    .example('$0 search', 'A few minutes on the embedded Fashion-MNIST subset')
    .example('$0 search --dataset fashion-mnist --time-budget 60 --max-params 50000', 'An hour on full Fashion-MNIST')
    .example('$0 search --resume runs/macro-fashion-mnist-seed0', 'Continue a killed run')
    .example('$0 search --resume runs/macro-fashion-mnist-seed0 --time-budget 120', 'Continue it with a longer budget (120 minutes for the whole run)');
}

type SearchArgs = GlobalArgs & JobFlags & { space?: string; dataset?: string; dataDir?: string; population?: number; generations?: number; timeBudget?: number; maxParams?: number; maxMacs?: number; finalEpochs?: number; drawFeasible?: boolean; out?: string; resume?: string };

/**
 * The run saved in --resume: its settings with a new --time-budget applied
 * (save() writes it to run.json, once the run is about to continue); other
 * flags that would change the run are refused.
 */
function resumedSettings(args: SearchArgs & { resume: string }, log: Logger): { settings: SearchSettings; save: () => void } {
  const runFile = join(args.resume, RUN_FILES.run);
  if (!existsSync(runFile)) throw new UsageError(`--resume ${args.resume}: no ${RUN_FILES.run} in it; expected the run folder of an earlier naschain search`);
  let saved: SearchSettings;
  try {
    saved = checkSettings(readJson(runFile, 'search run'), runFile);
  } catch (e) {
    if (e instanceof NaschainError) throw new UsageError(`--resume ${args.resume}: ${e.message}`);
    throw e;
  }
  const fixed: [string, unknown, unknown][] = [
    ['population', args.population, saved.population], ['generations', args.generations, saved.generations],
    ['max-params', args.maxParams, saved.limits.maxParams], ['max-macs', args.maxMacs, saved.limits.maxMacs],
    ['final-epochs', args.finalEpochs, saved.finalEpochs], ['space', args.space, saved.space.name],
    ['draw-feasible', args.drawFeasible, saved.drawFeasible ?? false],
    ['dataset', args.dataset === undefined ? undefined : getDescriptor(args.dataset).name, saved.dataset],
    ['out', args.out, args.resume],
  ];
  for (const [flag, given, kept] of fixed) {
    if (given !== undefined && given !== kept) {
      throw new UsageError(`--${flag} ${String(given)}: a resumed run keeps its own (${String(kept)}, in ${runFile}); drop --${flag}, or start a new run with --out`);
    }
  }
  // The seed's default 0 cannot be told from one typed; a different one given is refused.
  if (args.seed !== 0 && args.seed !== saved.seed) throw new UsageError(`--seed ${args.seed}: a resumed run keeps its own (${saved.seed}, in ${runFile}); drop --seed`);
  const minutes = args.timeBudget;
  if (minutes === undefined || minutes * 60_000 === saved.timeBudgetMs) return { settings: saved, save: () => {} };
  const before = saved.timeBudgetMs === undefined ? 'none' : `${saved.timeBudgetMs / 60_000} min`;
  const settings = { ...saved, timeBudgetMs: minutes * 60_000 };
  return {
    settings,
    save: () => {
      writeJsonAtomic(runFile, settings);
      log.info(`--time-budget ${minutes}: the run's budget is now ${minutes} min for the whole run, time already spent included (was ${before}; saved in ${runFile})`);
    },
  };
}

export async function searchHandler(args: SearchArgs): Promise<void> {
  const ctx = createContext(args);
  const resuming = args.resume !== undefined ? resumedSettings({ ...args, resume: args.resume }, ctx.log) : undefined;
  const resumed = resuming?.settings;
  checkJobFlags(args);
  const datasetName = getDescriptor(resumed?.dataset ?? args.dataset ?? DEFAULT_DATASET).name;
  const space = resumed?.space ?? spaceOf(args.space ?? DEFAULT_SPACE);
  const dir = args.resume ?? args.out ?? join('runs', `${space.name}-${datasetName}-seed${args.seed}`);
  if (!resumed && existsSync(join(dir, RUN_FILES.run))) {
    throw new UsageError(`run folder ${dir}: holds a run already; continue it with --resume ${dir} or choose another --out`);
  }
  if (!resumed && existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`run folder ${dir}: not empty; choose another --out`);
  const config = valiPreset(datasetName);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  const dataset = await loadDataset(datasetName, { dataDir: args.dataDir, log: ctx.log });
  const settings = resumed ?? defaultSettings({
    space, config, trainImages: dataset.train.count, seed: args.seed, population: args.population, generations: args.generations,
    timeBudgetMinutes: args.timeBudget, maxParams: args.maxParams, maxMacs: args.maxMacs, finalEpochs: args.finalEpochs, drawFeasible: args.drawFeasible, initial: seedGenomes(space),
  });
  const holdout = Math.min(2000, Math.floor(dataset.train.count / 10));
  const evaluator = new TfjsEvaluator({ space: settings.space, dataset, config, holdout, seed: settings.seed });
  const runner = await searchRunner(args, backend, { space: settings.space, dataset: datasetRef(dataset), config, holdout, seed: settings.seed }, settings.limits, { dataDir: args.dataDir, log: ctx.log });
  const deps = {
    evaluator, clock: () => Date.now(), log: ctx.log, writeReport: writeSearchReport, ...(runner ? { runner } : {}),
    ...(ctx.log.level !== 'quiet' ? { onProgress: progressView(process.stderr, ctx.log.interactive) } : {}),
  };
  if (settings.finalEpochs === 1 && config.schedule === 'upstream') {
    ctx.log.warn('with --final-epochs 1 the upstream schedule trains the final models at lr 0 (its quirk: the last epoch is at 0); use 2 or more');
  }
  resuming?.save();
  const run = resumed ? SearchRun.resume(dir, deps) : SearchRun.start(dir, settings, deps);
  const stopHandlers = exitOnInterrupt({
    log: ctx.log,
    saved: () => `${readRecords(dir).length} evaluation(s) saved in ${join(dir, RUN_FILES.candidates)}, the search state with them; continue with: naschain search --resume ${dir}`,
  });
  ctx.log.info(`${args.resume ? 'resuming' : 'starting'} search in ${dir} on ${backend.name}: ${settings.space.name} space, ${datasetName}, population ${settings.population}, ${settings.generations} generations, ` +
    `${settings.timeBudgetMs === undefined ? 'no time budget' : `${settings.timeBudgetMs / 60000} min budget`}, rungs ${settings.rungs.map((r) => `${r.trainImages}x${r.epochs}`).join(' -> ')}, final ${settings.finalEpochs} epochs`);
  ctx.log.info(`evaluations: ${runner?.description ?? 'in this process'}`);
  let out;
  try {
    out = await run.run();
  } finally {
    stopHandlers();
    await runner?.close();
  }
  const pick = pickToSubmit(out.front, config);
  const lines = [
    `search done (${out.stopReason}): ${out.evaluations} evaluations, ${out.failed} failed, ${out.infeasible} over the limits`,
    ...(out.overBudget !== undefined && settings.timeBudgetMs !== undefined && out.wallSeconds * 1000 > 1.05 * settings.timeBudgetMs
      ? [`over the ${settings.timeBudgetMs / 60_000}-min budget by ${(out.wallSeconds - settings.timeBudgetMs / 1000).toFixed(0)}s: ${out.overBudget}`] : []),
    ...(out.underBudget !== undefined && settings.timeBudgetMs !== undefined ? [`ended ${((settings.timeBudgetMs / 1000 - out.wallSeconds) / 60).toFixed(1)} min before the ${settings.timeBudgetMs / 60_000}-min budget: ${out.underBudget}`] : []),
    `time: ${out.wallSeconds.toFixed(0)}s in all; evaluations took search ${out.seconds.search.toFixed(0)}s, promotions ${out.seconds.promote.toFixed(0)}s, final training ${out.seconds.final.toFixed(0)}s${(runner?.capacity ?? 1) > 1 ? ' (summed over the workers)' : ''}`,
    ...(out.front.length === 0 ? [] : [`front (trained with the validation recipe for ${epochsText(out.finalEpochs)}${out.finalEpochs < settings.finalEpochs ? `, cut from ${settings.finalEpochs} to fit the time budget` : ''}; test accuracy):`]),
    ...out.front.map((f) => `  ${f.onFront ? '*' : ' '} ${f.accuracy.toFixed(2)}% (${f.accuracyFloored}%)  ${f.params.toLocaleString('en-US')} params (${f.paramsRounded.toLocaleString('en-US')})  ${f.macs.toLocaleString('en-US')} MACs (${f.macsRounded.toLocaleString('en-US')})  ${f.dir}`),
    `report: ${join(dir, RUN_FILES.report)}`,
    ...submitAdviceLines(submitAdvice(pick, settings, config.minAccuracy, dir, runEnd(out))),
  ];
  const submit = pick ? { dir: pick.member.dir, clears: pick.clears, ...(pick.why ? { why: pick.why } : {}) } : null;
  ctx.emit({ backend, dataset: datasetName, space: settings.space.name, ...out, submit }, lines.join('\n'));
}

/** --space: a built-in name or a space file; one it cannot use is a usage error. */
function spaceOf(nameOrPath: string): SearchSpace {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  if (!isPath && !builtinSpaceNames().includes(nameOrPath)) {
    throw new UsageError(`--space: got ${JSON.stringify(nameOrPath)}, expected a built-in space (${builtinSpaceNames().join(', ')}) or a path to a space JSON file`);
  }
  if (isPath) checkPath('--space', nameOrPath, 'file', 'a search space JSON file');
  try {
    return loadSearchSpace(nameOrPath);
  } catch (e) {
    if (e instanceof NaschainError) throw new UsageError(`--space: ${e.message}`);
    throw e;
  }
}

export const searchCommand: CommandModule<GlobalArgs, SearchArgs> = {
  command: 'search',
  describe: 'Search for Pareto-optimal small image classifiers',
  builder: builder as unknown as CommandModule<GlobalArgs, SearchArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<SearchArgs>) => searchHandler(argv),
};
