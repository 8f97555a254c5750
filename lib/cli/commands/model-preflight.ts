// What `check` and `submit` share: the model's dataset and learning rate from
// its metrics.json or the flags (lib/miner/model-metadata.ts), the validation
// config that scores it (--config, else the dataset's preset; it must score
// the model's dataset), and the pre-flight itself with its human text.
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { loadValiConfig, valiPreset, type ValiConfig } from '../../core/vali-config.js';
import { initBackend } from '../../backend/select.js';
import type { BackendInfo, BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { getDescriptor } from '../../data/registry.js';
import { renderModelCard } from '../../hub/model-card.js';
import { modelCardFor } from '../../miner/model-card-for.js';
import { modelDataset, modelLearningRate, readModelMetadata } from '../../miner/model-metadata.js';
import { preflight, type PreflightReport } from '../../miner/preflight.js';
import { backendLine } from './metrics-text.js';

export interface PreflightArgs {
  dir: string;
  dataset?: string;
  lr?: string | number;
  config?: string;
  dataDir?: string;
  epochs?: number;
  seed: number;
  backend: string;
}

export interface ModelSetup {
  dataset: string;
  /** null: commit none (validators use their config's); undefined: unknown, and not needed (check without --retrain). */
  learningRate: number | null | undefined;
  /** Where each came from, for the human text: "metrics.json" or "--dataset". */
  datasetFrom: string;
  learningRateFrom: string;
  config: ValiConfig;
}

/** Resolves dataset, learning rate (when `needLr`, or when known) and config; usage errors before anything slow starts. */
export function modelSetup(args: PreflightArgs, needLr: boolean): ModelSetup {
  if (!existsSync(args.dir) || !statSync(args.dir).isDirectory()) throw new UsageError(`model folder ${args.dir}: does not exist, expected a folder with model.json and weight shards`);
  const meta = readModelMetadata(args.dir);
  const dataset = modelDataset(args.dir, args.dataset, meta);
  const learningRate = needLr || args.lr !== undefined || meta.learningRate !== undefined ? modelLearningRate(args.dir, args.lr, meta) : undefined;
  const fromFile = args.config !== undefined ? loadValiConfig(args.config) : undefined;
  if (fromFile && fromFile.dataset !== dataset) {
    throw new UsageError(`--config ${args.config}: scores dataset ${fromFile.dataset}, but model folder ${args.dir} is for ${dataset}; expected a config of the model's dataset`);
  }
  const config = fromFile ?? valiPreset(dataset);
  // --seed overrides a config file's seed only when given (its default 0 is the presets' seed), as in validate.
  if (!fromFile || args.seed !== 0) config.seed = args.seed;
  if (args.epochs !== undefined) config.trainEpochs = args.epochs;
  return {
    dataset, learningRate, config,
    datasetFrom: args.dataset !== undefined ? '--dataset' : 'metrics.json',
    learningRateFrom: args.lr !== undefined ? '--lr' : learningRate === undefined ? 'neither metrics.json nor --lr' : 'metrics.json',
  };
}

export async function runPreflight(args: PreflightArgs, setup: ModelSetup, retrain: boolean, log: Logger): Promise<{ report: PreflightReport; backend: BackendInfo }> {
  const backend = await initBackend(args.backend as BackendRequest, log);
  log.info(backendLine(backend));
  const shape = getDescriptor(setup.dataset);
  const card = modelCardFor(args.dir, shape.name, setup.learningRate ?? undefined);
  const cardBytes = new TextEncoder().encode(renderModelCard(card)).length;
  log.info(`checking ${args.dir} as a validator would: ${shape.name}, min accuracy ${setup.config.minAccuracy}%, max MACs ${setup.config.maxMacs}${retrain ? `, then a ${setup.config.trainEpochs}-epoch retrain` : ''}`);
  const report = await preflight({
    dir: args.dir, config: setup.config, shape, loadDataset: () => loadDataset(setup.dataset, { dataDir: args.dataDir, log }),
    learningRate: setup.learningRate ?? null, cardBytes, retrain,
  });
  return { report, backend };
}

const int = (n: number) => n.toLocaleString('en-US');

export function preflightText(r: PreflightReport, setup: ModelSetup): string {
  const lines = [
    `model       ${r.dir}`,
    `dataset     ${r.dataset} (from ${setup.datasetFrom})`,
    `lr          ${setup.learningRate === undefined ? 'unknown' : setup.learningRate === null ? 'none (validators use their config\'s)' : setup.learningRate} (from ${setup.learningRateFrom})`,
    `repo size   ${int(r.repoBytes)} bytes with the model card (limit ${int(r.maxDownloadBytes)})`,
  ];
  const m = r.metrics;
  if (m) {
    lines.push(`accuracy    ${m.accuracy.toFixed(2)}% (scored as ${m.accuracyFloor}%)`);
    lines.push(`params      ${int(m.params)} (scored as ${int(m.paramsRounded)})`);
    lines.push(`MACs        ${int(m.macs)} (scored as ${int(m.macsRounded)}; cap ${int(r.maxMacs)})`);
  }
  const o = r.outsideRules;
  if (o) lines.push(`measured    ${int(o.params)} params, ${int(o.macs)} MACs for one ${o.inputShape.join('x')} image (loaded without the competition's rules, as eval loads it)`);
  if (r.rejection) lines.push(`verdict     REJECTED (${r.rejection.reason}): ${r.rejection.message}`);
  else {
    lines.push('verdict     accepted: passes the integrity checks and is scored');
    lines.push(`candidate   ${r.candidate ? `yes (${m?.accuracyFloor}% >= min accuracy ${r.minAccuracy}%, MACs under the cap)` : `no: ${r.notCandidate.join('; ')}`}`);
  }
  const t = r.retrain;
  if (t) {
    const head = `retrain     ${t.epochs} epochs, lr ${t.learningRate}, seed ${t.seed}: `;
    if (t.error) lines.push(`${head}failed (${t.error}); scored as 0, the leak guard drops it`);
    else lines.push(`${head}${(t.accuracy as number).toFixed(2)}% (scored ${t.accuracyFloor}%) vs submitted ${m?.accuracyFloor}%: ${t.kept ? 'the leak guard keeps it' : 'the leak guard drops it (retrained below submitted)'}`);
  }
  return lines.join('\n');
}
