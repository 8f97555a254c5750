// `naschain eval <model-dir>`: measures a model as the validator does: test
// accuracy on a dataset (skipped with --metrics-only), parameters and MACs.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { NaschainError } from '../../core/errors.js';
import { valiPreset } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { accuracy } from '../../eval/accuracy.js';
import { accuracyMetrics, imageShapeOf, measureModel } from '../../eval/metrics.js';
import { checkModelFits, declaredInputShape } from '../../model/fit-check.js';
import { loadModelDir } from '../../model/load/load-model.js';
import { dimsOf, normalisationOf } from '../../train/inputs.js';
import { createContext, type GlobalArgs } from '../context.js';
import { pathOption } from '../path-value.js';
import { modelDataset } from '../../miner/model-metadata.js';
import { backendLine, metricsText } from './metrics-text.js';

function builder(y: Argv) {
  return y
    .positional('model-dir', pathOption('model folder', 'folder', 'a folder with model.json and weight shards', 'Model folder (model.json + weight shards)'))
    .option('dataset', { type: 'string', describe: "Dataset whose test split measures accuracy (default: the model's metrics.json's; one of them is required)" })
    .option('data-dir', pathOption('--data-dir', 'folder', 'a folder holding the dataset files', 'Folder holding the dataset files'))
    .option('metrics-only', { type: 'boolean', default: false, describe: 'Params and MACs only; no data, no accuracy' })
    .example('$0 eval ./trained', 'Accuracy on the dataset its metrics.json names (train --out and search write one), params, MACs')
    .example('$0 eval ./my-model --dataset fashion-mnist-small', 'A model without metrics.json')
    .example('$0 eval ./resnet20 --metrics-only', 'Params and MACs of a model with a fixed input shape');
}

type EvalArgs = GlobalArgs & { modelDir: string; dataset?: string; dataDir?: string; metricsOnly: boolean };

export async function evalHandler(args: EvalArgs): Promise<void> {
  const ctx = createContext(args);
  const backend = await initBackend(args.backend as BackendRequest, ctx.log);
  const model = await loadModelDir(args.modelDir);
  // After the model loads, so that a model that does not is one line of error.
  ctx.log.info(backendLine(backend));
  try {
    if (args.metricsOnly) {
      const shape = declaredInputShape(model);
      if (!shape) throw new NaschainError('INVALID', `model ${args.modelDir}: its input shape has free dimensions; run without --metrics-only so the dataset fixes them`);
      const metrics = measureModel(model, shape);
      ctx.emit({ backend, model: args.modelDir, ...metrics }, metricsText(metrics));
      return;
    }
    const dataset = await loadDataset(modelDataset(args.modelDir, args.dataset), { dataDir: args.dataDir, log: ctx.log });
    const config = valiPreset(dataset.name);
    checkModelFits(model, dataset, `model ${args.modelDir}`);
    const percent = await accuracy(model, dataset.test, dimsOf(dataset), normalisationOf(config, dataset));
    const metrics = { ...accuracyMetrics(percent), ...measureModel(model, imageShapeOf(dataset)) };
    ctx.emit({ backend, model: args.modelDir, dataset: dataset.name, testImages: dataset.test.count, ...metrics }, metricsText(metrics));
  } finally {
    model.dispose();
  }
}

export const evalCommand: CommandModule<GlobalArgs, EvalArgs> = {
  command: 'eval <model-dir>',
  describe: 'Measure a model: test accuracy, parameters, MACs (exact and as upstream rounds them)',
  builder: builder as unknown as CommandModule<GlobalArgs, EvalArgs>['builder'],
  handler: (argv: ArgumentsCamelCase<EvalArgs>) => evalHandler(argv),
};
