// Measures one submitted model as upstream scores it: checked loading, test
// accuracy (exact and floored), parameters and MACs (exact and rounded).
// Never throws: a model that cannot be loaded or measured is a Rejection.
import * as tf from '@tensorflow/tfjs-core';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import { accuracy } from '../../eval/accuracy.js';
import { imageShapeOf, measureModel } from '../../eval/metrics.js';
import { floorAccuracy } from '../../eval/rounding.js';
import { dimsOf, normalisationOf } from '../../train/inputs.js';
import { loadSubmittedModel } from '../submitted-model.js';
import { disposeGenomeModel } from '../../model/genome-model.js';
import type { ModelExpectations } from '../model-expectations.js';
import { reject, type Rejection } from '../reject-reasons.js';
import type { EvaluationMetrics } from '../state-store.js';
import { evalBatchSize } from './eval-batch.js';

export interface EvaluateHooks {
  /** Called once params and MACs are known, before the accuracy pass (a job runner revises its deadline from it). */
  onMeasured?(m: { params: number; macs: number }): void;
}

export async function evaluateSubmission(
  dir: string, expect: ModelExpectations, dataset: ImageDataset, config: ValiConfig, hooks: EvaluateHooks = {},
): Promise<EvaluationMetrics | Rejection> {
  const started = performance.now();
  let loaded;
  try {
    loaded = await loadSubmittedModel(dir, expect);
  } catch (e) {
    return reject('load-failed', `${dir}: loading threw (${oneLine(e)})`);
  }
  if (!loaded.ok) return loaded;
  const model = loaded.model;
  try {
    const m = measureModel(model, imageShapeOf(dataset));
    if (m.macsRounded >= config.maxMacs) {
      return reject('macs-limit', `${dir}: ${m.macs} MACs (scored as ${m.macsRounded}), expected fewer than maxMacs ${config.maxMacs}; its accuracy cannot change the round, so it is not measured`);
    }
    hooks.onMeasured?.({ params: m.params, macs: m.macs });
    const acc = await accuracy(model, dataset.test, dimsOf(dataset), normalisationOf(config, dataset), evalBatchSize(model));
    if (!Number.isFinite(acc)) return reject('eval-failed', `${dir}: test accuracy is ${acc}, expected a finite percent`);
    return {
      accuracy: acc, accuracyFloor: floorAccuracy(acc), params: m.params, paramsRounded: m.paramsRounded,
      macs: m.macs, macsRounded: m.macsRounded, evalMs: Math.round(performance.now() - started), backend: tf.getBackend(),
    };
  } catch (e) {
    return reject('eval-failed', `${dir}: measuring it threw (${oneLine(e)})`);
  } finally {
    // Every layer released: dispose() alone keeps the weights of a layer applied twice (a shared layer).
    disposeGenomeModel(model);
  }
}

export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
