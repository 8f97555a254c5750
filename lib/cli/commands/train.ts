// `naschain train`: trains a model (the reference CNN by default) with the
// validation recipe on a dataset, then prints test accuracy, params and MACs.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { NaschainError, UsageError } from '../../core/errors.js';
import { configForDataset, loadValiConfig, valiPreset, type ValiConfig } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { DEFAULT_DATASET, getDescriptor } from '../../data/registry.js';
import { accuracyMetrics, imageShapeOf, measureModel } from '../../eval/metrics.js';
import { checkModelFits } from '../../model/fit-check.js';
import { saveModelDir } from '../../model/model-dir.js';
import { loadModelDir } from '../../model/load/load-model.js';
import { buildReferenceCnn } from '../../model/reference-cnn.js';
import { consoleProgress } from '../../train/progress.js';
import { train } from '../../train/train.js';
import { readModelMetadata, writeModelMetadata, type ModelMetadata } from '../../miner/model-metadata.js';
import { createContext, type GlobalArgs } from '../context.js';
import { numberOption, SPECS } from '../flag-value.js';
import { exitOnInterrupt } from '../interrupt.js';
import { pathOption } from '../path-value.js';
import { backendLine, metricsText } from './metrics-text.js';

function builder(y: Argv) {
  return y
    .option('model', pathOption('--model', 'folder', 'a model folder (model.json + weight shards)', 'Model folder (model.json + weights); default: the reference CNN'))
    .option('dataset', { type: 'string', describe: `Dataset name (default: the config's, else --model's metrics.json's, else ${DEFAULT_DATASET} for the reference CNN)` })
    .option('data-dir', pathOption('--data-dir', 'folder', 'a folder holding the dataset files', 'Folder holding the dataset files'))
    .option('config', pathOption('--config', 'file', 'a validation config JSON file', 'Validation config JSON (default: the preset of the dataset)'))
    .option('epochs', numberOption('epochs', SPECS.epochs, "Epochs (default: the config's trainEpochs)"))
    .option('lr', numberOption('lr', SPECS.learningRate, "Learning rate (default: --model's metrics.json's, else the config's learningRate)"))
    .option('batch-size', numberOption('batch-size', { integer: true, min: 1, max: 65_536 }, "Batch size (default: the config's batchSize)"))
    .option('schedule', { type: 'string', choices: ['upstream', 'standard'], describe: "Cosine schedule: upstream steps at epoch start, so its last epoch trains at lr 0 (default: the config's)" })
    .option('subset', numberOption('subset', { integer: true, min: 1, max: 2 ** 31 - 1 }, 'Train on the first N training images only'))
    .option('reinit', { type: 'boolean', default: true, describe: 'Re-initialise the weights first as the validator does (--no-reinit keeps a loaded model\'s weights)' })
    .option('out', pathOption('--out', 'new-folder', 'a folder to write the model into', 'Save the trained model into this folder, with a metrics.json (dataset, lr, measured numbers) that check, submit and eval read'))
    .example('$0 train --epochs 1 --schedule standard', 'Reference CNN, one epoch on the embedded Fashion-MNIST subset')
    .example('$0 train --dataset fashion-mnist --epochs 3 --backend wasm', 'Full Fashion-MNIST (downloaded once)')
    .example('$0 train --model ./my-model --dataset cifar100 --lr 0.05 --out ./trained', 'Retrain a model as the validator would');
}

type TrainArgs = GlobalArgs & { model?: string; dataset?: string; dataDir?: string; config?: string; epochs?: number; lr?: number; batchSize?: number; schedule?: 'upstream' | 'standard'; subset?: number; reinit: boolean; out?: string };


/**
 * The recipe: a config file or the dataset's preset, with the flags applied on
 * top. A given model's dataset is never a default: --dataset, else its
 * metrics.json's, else the config's; a config of another dataset is refused.
 * Only the reference CNN falls back to the embedded subset.
 */
function recipeOf(args: TrainArgs, meta: ModelMetadata | undefined): ValiConfig {
  const fromFile = args.config !== undefined ? loadValiConfig(args.config) : undefined;
  // A model's dataset comes from --dataset or its metrics.json; a config must score that dataset.
  const named = args.dataset ?? meta?.dataset ?? fromFile?.dataset;
  // (A --model folder that is not there gets its own "no such folder" error from loading.)
  if (named === undefined && args.model !== undefined && meta !== undefined) {
    throw new UsageError(`model folder ${args.model}: its dataset is unknown: ${meta?.found ? `${meta.path} names none` : 'no metrics.json there'} and neither --dataset nor --config was given; expected --dataset NAME`);
  }
  const dataset = getDescriptor(named ?? DEFAULT_DATASET).name;
  const whose = args.dataset !== undefined ? '--dataset' : meta?.dataset !== undefined ? `the dataset of model folder ${args.model} (${meta.path})` : 'the dataset';
  const config = configForDataset(args.config, dataset, whose);
  // --seed overrides a config file's seed only when given (its default 0 is the presets' seed).
  if (!fromFile || args.seed !== 0) config.seed = args.seed;
  if (args.batchSize !== undefined) config.batchSize = args.batchSize;
  if (args.schedule !== undefined) config.schedule = args.schedule;
  return config;
}

export async function trainHandler(args: TrainArgs): Promise<void> {
  const ctx = createContext(args);
  const meta = args.model !== undefined ? readModelMetadata(args.model) : undefined;
  const config = recipeOf(args, meta);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  const dataset = await loadDataset(config.dataset, { dataDir: args.dataDir, log: ctx.log });
  const model = args.model !== undefined ? await loadModelDir(args.model) : buildReferenceCnn(dataset);
  // After the model loads, so that a model that does not is one line of error.
  ctx.log.info(backendLine(backend));
  const stopHandlers = exitOnInterrupt({
    log: ctx.log,
    saved: () => `nothing was saved: train keeps no checkpoint${args.out !== undefined ? ` (${args.out} is written when training ends)` : ''}; run the same command again to train from the start`,
  });
  try {
    checkModelFits(model, dataset, args.model !== undefined ? `model ${args.model}` : 'reference CNN');
    const epochs = args.epochs ?? config.trainEpochs;
    const lr = args.lr ?? meta?.learningRate ?? config.learningRate;
    if (epochs === 1 && config.schedule === 'upstream') {
      ctx.log.warn('with 1 epoch the upstream schedule trains at lr 0 (its quirk: the last epoch is at 0); add --schedule standard to train at the full rate');
    }
    ctx.log.info(`training ${args.model ?? 'the reference CNN'} on ${dataset.name} (${Math.min(args.subset ?? Infinity, dataset.train.count)} images): ${epochs} epochs, lr ${lr}, batch ${config.batchSize}, seed ${config.seed}`);
    const result = await train(model, dataset, config, { epochs, learningRate: lr, subset: args.subset, reinit: args.reinit, progress: consoleProgress(ctx.log) });
    const metrics = { ...accuracyMetrics(result.testAccuracy), ...measureModel(model, imageShapeOf(dataset)) };
    if (args.out !== undefined) {
      await saveModelDir(model, args.out);
      writeModelMetadata(args.out, {
        dataset: dataset.name, learningRate: lr, epochs, seed: config.seed, accuracy: metrics.accuracy, accuracyFloored: metrics.accuracyFloored,
        params: metrics.params, paramsRounded: metrics.paramsRounded, macs: metrics.macs, macsRounded: metrics.macsRounded,
      });
      ctx.log.info(`saved the trained model to ${args.out} (with metrics.json: dataset ${dataset.name}, lr ${lr})`);
    }
    ctx.emit(
      { backend, dataset: dataset.name, model: args.model ?? 'reference-cnn', config, epochs: result.epochs, trainImages: result.trainImages, seconds: result.seconds, ...metrics, out: args.out ?? null },
      metricsText(metrics),
    );
  } finally {
    stopHandlers();
    model.dispose();
  }
}

export const trainCommand: CommandModule<GlobalArgs, TrainArgs> = {
  command: 'train',
  describe: 'Train a model with the validation recipe and report accuracy, params and MACs',
  builder: builder as unknown as CommandModule<GlobalArgs, TrainArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<TrainArgs>) => trainHandler(argv),
};
