// Saving a model folder in TensorFlow.js' layers format (model.json plus one
// weight shard named as tfjs names it), through tf.io.IOHandler so any tfjs
// saver composes with it. Saving is atomic: a sibling temp folder is filled
// then renamed over the target, so a crash never leaves half a model. Loading
// is lib/model/load/ (load-model.ts), the one loader with its checks.
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError } from '../core/errors.js';
import { existingPathProblem, fsErrorText } from '../core/fs-problem.js';

export const MODEL_JSON = 'model.json';
const SHARD_NAME = 'group1-shard1of1.bin';

/** Writes model.json and one weight shard into `dir` (created, or replaced whole). */
export function modelDirSaver(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new NaschainError('UNSUPPORTED', `model folder ${dir}: binary model topologies are not supported, expected a layers model`);
      }
      const target = resolve(dir);
      const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(
        Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData]);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${SHARD_NAME}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      try {
        mkdirSync(tmp, { recursive: true });
        writeFileSync(join(tmp, MODEL_JSON), JSON.stringify(json));
        writeFileSync(join(tmp, SHARD_NAME), Buffer.from(weights));
        if (existsSync(target)) rmSync(target, { recursive: true, force: true });
        mkdirSync(dirname(target), { recursive: true });
        renameSync(tmp, target);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        throw new NaschainError('INTERNAL', `model folder ${dir}: cannot write it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
      }
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
  };
}

export async function saveModelDir(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(modelDirSaver(dir));
}
