// A model folder on disk in TensorFlow.js' layers format (model.json plus weight
// shards named as tfjs names them), through tf.io.IOHandler so any tfjs loader
// or saver composes with it. Saving is atomic: a sibling temp folder is filled
// then renamed over the target, so a crash never leaves half a model.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
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

/** Reads a model folder; every failure is one line naming the folder and what is wrong. */
export function modelDirLoader(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const where = `model folder ${dir}`;
      // The real cause, not a guess: a file is not "no such folder", a folder we may not read has no "no model.json".
      const folderProblem = existingPathProblem(dir, 'folder');
      if (folderProblem !== null) throw new NaschainError(folderProblem === 'no such folder' ? 'NOT_FOUND' : 'INVALID', `${where}: ${folderProblem}`);
      const jsonPath = join(dir, MODEL_JSON);
      if (!existsSync(jsonPath)) throw new NaschainError('NOT_FOUND', `${where}: no ${MODEL_JSON} in it`);
      let text: string;
      try {
        text = readFileSync(jsonPath, 'utf8');
      } catch (e) {
        throw new NaschainError('INVALID', `${where}: cannot read ${MODEL_JSON} (${fsErrorText(e)})`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new NaschainError('CORRUPT', `${where}: ${MODEL_JSON} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
      }
      const mj = parsed as Partial<tf.io.ModelJSON> | null;
      const topology = mj?.modelTopology as { class_name?: unknown; config?: unknown } | undefined;
      if (typeof mj !== 'object' || mj === null || typeof topology !== 'object' || topology === null || typeof topology.class_name !== 'string') {
        throw new NaschainError('CORRUPT', `${where}: ${MODEL_JSON} has no layers-model topology (expected modelTopology.class_name)`);
      }
      if (mj.format !== undefined && mj.format !== 'layers-model') {
        throw new NaschainError('UNSUPPORTED', `${where}: format ${JSON.stringify(mj.format)} is not a layers model, expected "layers-model"`);
      }
      if (!Array.isArray(mj.weightsManifest)) throw new NaschainError('CORRUPT', `${where}: ${MODEL_JSON} has no weightsManifest array`);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of mj.weightsManifest) {
        for (const p of group.paths ?? []) {
          const file = resolve(dir, p);
          if (!file.startsWith(resolve(dir))) throw new NaschainError('CORRUPT', `${where}: weight path ${JSON.stringify(p)} points outside the folder`);
          if (!existsSync(file)) throw new NaschainError('NOT_FOUND', `${where}: weight shard ${p} is missing`);
          buffers.push(readFileSync(file));
        }
        specs.push(...(group.weights ?? []));
      }
      const all = Buffer.concat(buffers);
      const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesPer(s.quantization?.dtype ?? s.dtype, where), 0);
      if (all.byteLength !== expected) {
        throw new NaschainError('CORRUPT', `${where}: weight shards hold ${all.byteLength} bytes, expected ${expected} from the manifest`);
      }
      const artifacts: tf.io.ModelArtifacts = {
        modelTopology: mj.modelTopology as object,
        format: mj.format,
        generatedBy: mj.generatedBy,
        convertedBy: mj.convertedBy ?? undefined,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
      if (mj.trainingConfig) artifacts.trainingConfig = mj.trainingConfig;
      if (mj.userDefinedMetadata) artifacts.userDefinedMetadata = mj.userDefinedMetadata;
      return artifacts;
    },
  };
}

function bytesPer(dtype: string, where: string): number {
  if (dtype === 'float32' || dtype === 'int32') return 4;
  if (dtype === 'bool' || dtype === 'uint8') return 1;
  if (dtype === 'float16' || dtype === 'uint16' || dtype === 'int16') return 2;
  throw new NaschainError('UNSUPPORTED', `${where}: weight dtype ${JSON.stringify(dtype)} is not supported (float32, int32, bool, uint8)`);
}

export async function saveModelDir(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(modelDirSaver(dir));
}

/** Loads a layers model with the generic loader (no custom layers), strict about weights. */
export async function loadModelDir(dir: string): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(modelDirLoader(dir), { strict: true });
  } catch (e) {
    if (e instanceof NaschainError) throw e;
    const msg = (e as Error).message?.split('\n')[0] ?? String(e);
    throw new NaschainError('CORRUPT', `model folder ${dir}: not a loadable layers model (${msg})`, { cause: e });
  }
}
