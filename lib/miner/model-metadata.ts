// What a model folder says about how it was made: metrics.json, written by
// `naschain search` beside each front model (lib/searcher/final-phase.ts) and
// by `naschain train --out`. The miners' commands (check, submit, eval) take a
// model's dataset and learning rate from here or from a flag, one rule for
// all; neither is ever defaulted silently, because a wrong dataset scores the
// model on images it never saw and a wrong learning rate is committed on chain
// for good.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError, UsageError } from '../core/errors.js';
import { getDescriptor } from '../data/registry.js';

export const MODEL_METRICS_FILE = 'metrics.json';
/** The same kind lib/searcher/final-phase.ts writes. */
export const MODEL_METRICS_KIND = 'naschain/model-metrics';

export interface ModelMetadata {
  /** The metrics.json path, whether or not it exists. */
  path: string;
  found: boolean;
  dataset?: string;
  learningRate?: number;
  /** Test accuracy the writer measured (percent), when recorded. */
  accuracy?: number;
  epochs?: number;
  space?: string;
}

/** Reads dir/metrics.json; a missing file is `found: false`, a broken one a CORRUPT error naming it. */
export function readModelMetadata(dir: string): ModelMetadata {
  const path = join(dir, MODEL_METRICS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { path, found: false };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NaschainError('CORRUPT', `${path}: not valid JSON (${(e as Error).message}); fix or delete it and give --dataset and --lr`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new NaschainError('CORRUPT', `${path}: got ${Array.isArray(raw) ? 'an array' : String(raw)}, expected a JSON object`);
  const m = raw as Record<string, unknown>;
  if (m.kind !== undefined && m.kind !== MODEL_METRICS_KIND) throw new NaschainError('CORRUPT', `${path}: kind ${JSON.stringify(m.kind)}, expected ${JSON.stringify(MODEL_METRICS_KIND)}`);
  const out: ModelMetadata = { path, found: true };
  if (typeof m.dataset === 'string' && m.dataset !== '') out.dataset = m.dataset;
  const lr = m.learningRate;
  if (lr !== undefined && lr !== null) {
    if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) throw new NaschainError('CORRUPT', `${path}: learningRate ${JSON.stringify(lr)}, expected a positive number`);
    out.learningRate = lr;
  }
  if (typeof m.accuracy === 'number' && Number.isFinite(m.accuracy)) out.accuracy = m.accuracy;
  if (typeof m.epochs === 'number' && Number.isFinite(m.epochs)) out.epochs = m.epochs;
  if (typeof m.space === 'string' && m.space !== '') out.space = m.space;
  return out;
}

/** The dataset a model was made for: the flag, else its metrics.json; a UsageError naming both when neither says. */
export function modelDataset(dir: string, flag: string | undefined, meta: ModelMetadata = readModelMetadata(dir)): string {
  const name = flag ?? meta.dataset;
  if (name === undefined) {
    throw new UsageError(`model folder ${dir}: its dataset is unknown: ${meta.found ? `${meta.path} names none` : `no ${MODEL_METRICS_FILE} there (search and train --out write one)`} and --dataset was not given; expected --dataset NAME`);
  }
  return getDescriptor(name).name;
}

/**
 * The learning rate to commit: the flag (a positive number, or "none" to
 * commit None so validators use their config's), else metrics.json's; a
 * UsageError naming both when neither says.
 */
export function modelLearningRate(dir: string, flag: string | number | undefined, meta: ModelMetadata = readModelMetadata(dir)): number | null {
  if (flag !== undefined) return parseLearningRateFlag(flag);
  if (meta.learningRate !== undefined) return meta.learningRate;
  throw new UsageError(`model folder ${dir}: its learning rate is unknown: ${meta.found ? `${meta.path} names none` : `no ${MODEL_METRICS_FILE} there (search and train --out write one)`} and --lr was not given; expected --lr NUMBER (or --lr none to commit none)`);
}

export function parseLearningRateFlag(flag: string | number): number | null {
  if (typeof flag === 'string' && flag.trim().toLowerCase() === 'none') return null;
  const v = typeof flag === 'number' ? flag : Number(flag);
  if (typeof flag === 'string' && flag.trim() === '') throw new UsageError('--lr: got an empty value, expected a positive number or "none"');
  if (!(Number.isFinite(v) && v > 0)) throw new UsageError(`--lr: got ${JSON.stringify(flag)}, expected a positive number or "none"`);
  return v;
}

/** What `train --out` records beside the model, in the searcher's format. */
export interface TrainedModelMetrics {
  dataset: string;
  learningRate: number;
  epochs: number;
  accuracy: number;
  accuracyFloored: number;
  params: number;
  paramsRounded: number;
  macs: number;
  macsRounded: number;
  seed: number;
}

/** Writes dir/metrics.json atomically (a hidden temp file, so a torn one is never hashed or uploaded). */
export function writeModelMetadata(dir: string, m: TrainedModelMetrics): void {
  const path = join(dir, MODEL_METRICS_FILE);
  const tmp = join(dir, `.${MODEL_METRICS_FILE}.tmp-${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify({ kind: MODEL_METRICS_KIND, version: 1, ...m }, null, 2)}\n`);
  renameSync(tmp, path);
}
