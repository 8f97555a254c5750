// `naschain search`: NSGA-II over a search space, cheap multi-fidelity
// evaluation, the chosen front trained with the validation recipe, a run
// folder that survives kills (--resume) and a self-contained report.html.
import { positiveFlag } from '../flag-value.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { join } from 'node:path';
import { valiPreset } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { DEFAULT_DATASET, getDescriptor } from '../../data/registry.js';
import { loadSearchSpace } from '../../search/space-file.js';
import { defaultSettings, QUICK_DATASET, QUICK_FINAL_EPOCHS } from '../../searcher/defaults.js';
import { progressView } from '../../searcher/progress-view.js';
import { RUN_FILES, readJson } from '../../searcher/run-files.js';
import { SearchRun } from '../../searcher/search-run.js';
import { checkSettings } from '../../searcher/settings.js';
import { seedGenomes } from '../../searcher/seed-genomes.js';
import { TfjsEvaluator } from '../../searcher/tfjs-evaluator.js';
import { writeSearchReport } from '../../searcher/write-report.js';
import { createContext, type GlobalArgs } from '../context.js';
import { checkJobFlags, jobOptions, searchRunner, type JobFlags } from './job-flags.js';
import { datasetRef } from '../../jobs/naschain-job.js';

function builder(y: Argv) {
  return jobOptions(y)
    .option('space', { type: 'string', default: 'macro', describe: 'Search space: macro, cell or a path to a space JSON file' })
    .option('dataset', { type: 'string', describe: `Dataset (default ${DEFAULT_DATASET})` })
    .option('data-dir', { type: 'string', describe: 'Folder holding the dataset files' })
    .option('population', { type: 'number', describe: 'NSGA-II population (default 6 on the embedded subset, else 16)' })
    .option('generations', { type: 'number', describe: 'Generations including the first (default 2 on the embedded subset, else 30)' })
    .option('time-budget', { type: 'number', describe: 'Minutes for the whole run, final training included (default 4 on the embedded subset, else none)' })
    .option('max-params', { type: 'number', describe: 'Parameter cap (default: the download size limit / 4 bytes)' })
    .option('max-macs', { type: 'number', describe: "MAC cap on the rounded count (default: the preset's maxMacs)" })
    .option('final-epochs', { type: 'number', describe: `Epochs of the final training (default: the preset's; ${QUICK_FINAL_EPOCHS} on ${QUICK_DATASET}); cut when the time budget leaves too little for the most accurate and a small model` })
    .option('out', { type: 'string', describe: 'Run folder (default ./runs/<space>-<dataset>-seed<seed>)' })
    .option('resume', { type: 'string', describe: 'Continue the run saved in this folder (its own settings are used)' })
    .example('$0 search', 'A few minutes on the embedded Fashion-MNIST subset')
    .example('$0 search --dataset fashion-mnist --time-budget 60 --max-params 50000', 'An hour on full Fashion-MNIST')
    .example('$0 search --resume runs/macro-fashion-mnist-seed0', 'Continue a killed run');
}

type SearchArgs = GlobalArgs & JobFlags & { space: string; dataset?: string; dataDir?: string; population?: number; generations?: number; timeBudget?: number; maxParams?: number; maxMacs?: number; finalEpochs?: number; out?: string; resume?: string };


export async function searchHandler(args: SearchArgs): Promise<void> {
  const ctx = createContext(args);
  for (const f of ['population', 'generations', 'max-params', 'max-macs', 'final-epochs'] as const) {
    const camel = f.replace(/-(.)/g, (_, c: string) => c.toUpperCase()) as 'population';
    positiveFlag(f, args[camel], true);
  }
  positiveFlag('time-budget', args.timeBudget, false);
  checkJobFlags(args);
  const resumed = args.resume !== undefined ? checkSettings(readJson(join(args.resume, RUN_FILES.run), 'search run'), args.resume) : undefined;
  const datasetName = getDescriptor(resumed?.dataset ?? args.dataset ?? DEFAULT_DATASET).name;
  const config = valiPreset(datasetName);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  const dataset = await loadDataset(datasetName, { dataDir: args.dataDir, log: ctx.log });
  const space = resumed?.space ?? loadSearchSpace(args.space);
  const settings = resumed ?? defaultSettings({
    space, config, trainImages: dataset.train.count, seed: args.seed, population: args.population, generations: args.generations,
    timeBudgetMinutes: args.timeBudget, maxParams: args.maxParams, maxMacs: args.maxMacs, finalEpochs: args.finalEpochs, initial: seedGenomes(space),
  });
  const holdout = Math.min(2000, Math.floor(dataset.train.count / 10));
  const evaluator = new TfjsEvaluator({ space: settings.space, dataset, config, holdout, seed: settings.seed });
  const dir = args.resume ?? args.out ?? join('runs', `${settings.space.name}-${datasetName}-seed${settings.seed}`);
  const runner = await searchRunner(args, backend, { space: settings.space, dataset: datasetRef(dataset), config, holdout, seed: settings.seed }, settings.limits, { dataDir: args.dataDir, log: ctx.log });
  const deps = {
    evaluator, clock: () => Date.now(), log: ctx.log, writeReport: writeSearchReport, ...(runner ? { runner } : {}),
    ...(ctx.log.level !== 'quiet' ? { onProgress: progressView(process.stderr, ctx.log.interactive) } : {}),
  };
  if (settings.finalEpochs === 1 && config.schedule === 'upstream') {
    ctx.log.warn('with --final-epochs 1 the upstream schedule trains the final models at lr 0 (its quirk: the last epoch is at 0); use 2 or more');
  }
  let out;
  try {
    const run = args.resume !== undefined ? SearchRun.resume(dir, deps) : SearchRun.start(dir, settings, deps);
    ctx.log.info(`${args.resume ? 'resuming' : 'starting'} search in ${dir} on ${backend.name}: ${settings.space.name} space, ${datasetName}, population ${settings.population}, ${settings.generations} generations, ` +
      `${settings.timeBudgetMs === undefined ? 'no time budget' : `${settings.timeBudgetMs / 60000} min budget`}, rungs ${settings.rungs.map((r) => `${r.trainImages}x${r.epochs}`).join(' -> ')}, final ${settings.finalEpochs} epochs`);
    ctx.log.info(`evaluations: ${runner?.description ?? 'in this process'}`);
    out = await run.run();
  } finally {
    await runner?.close();
  }
  const lines = [
    `search done (${out.stopReason}): ${out.evaluations} evaluations, ${out.failed} failed, ${out.infeasible} over the limits`,
    `time: search ${out.seconds.search.toFixed(0)}s, promotions ${out.seconds.promote.toFixed(0)}s, final training ${out.seconds.final.toFixed(0)}s`,
    `front (trained with the validation recipe for ${out.finalEpochs} epoch${out.finalEpochs === 1 ? '' : 's'}${out.finalEpochs < settings.finalEpochs ? `, cut from ${settings.finalEpochs} to fit the time budget` : ''}; test accuracy):`,
    ...out.front.map((f) => `  ${f.onFront ? '*' : ' '} ${f.accuracy.toFixed(2)}% (${f.accuracyFloored}%)  ${f.params.toLocaleString('en-US')} params (${f.paramsRounded.toLocaleString('en-US')})  ${f.macs.toLocaleString('en-US')} MACs (${f.macsRounded.toLocaleString('en-US')})  ${f.dir}`),
    `report: ${join(dir, RUN_FILES.report)}`,
  ];
  ctx.emit({ backend, dataset: datasetName, space: settings.space.name, ...out }, lines.join('\n'));
}

export const searchCommand: CommandModule<GlobalArgs, SearchArgs> = {
  command: 'search',
  describe: 'Search for Pareto-optimal small image classifiers',
  builder: builder as unknown as CommandModule<GlobalArgs, SearchArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<SearchArgs>) => searchHandler(argv),
};
