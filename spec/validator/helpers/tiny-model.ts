// A tiny real tfjs-layers classifier saved as a model folder, for specs that
// corrupt one thing at a time. Weights are seeded so every run writes the same bytes.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelExpectations } from '../../../lib/validator/model-expectations.js';

export const TINY_INPUT: [number, number, number] = [8, 8, 1];
export const TINY_CLASSES = 3;
export const tinyExpect: ModelExpectations = {
  inputShape: TINY_INPUT,
  numClasses: TINY_CLASSES,
  maxWeightBytes: 5_767_168,
  maxModelJsonBytes: 1024 * 1024,
};

export function buildTinyModel(opts: { nested?: boolean; frozen?: string } = {}): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const input = tfl.input({ shape: TINY_INPUT, name: 'image' });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(1), name: 'conv' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU({ name: 'relu' }).apply(x) as tfl.SymbolicTensor;
  if (opts.nested) {
    const block = tfl.sequential({
      name: 'block',
      layers: [tfl.layers.conv2d({ inputShape: [8, 8, 4], filters: 4, kernelSize: 1, kernelInitializer: init(2), name: 'inner_conv' })],
    });
    x = block.apply(x) as tfl.SymbolicTensor;
  }
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: TINY_CLASSES, kernelInitializer: init(3), name: 'logits' }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out, name: 'tiny' });
  if (opts.frozen) model.getLayer(opts.frozen).trainable = false;
  return model;
}

/** The artifacts tfjs itself would save for `model`. */
export async function saveArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error('save handler was not called');
  return saved;
}

export interface ModelFolderFiles {
  /** The model.json document, to corrupt before writing. */
  json: Record<string, unknown> & { modelTopology: Record<string, unknown>; weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] };
  /** Shard file name -> bytes. */
  shards: Map<string, Uint8Array>;
}

/**
 * model.json and two shards (the weights split unevenly, as tfjs' shard size
 * limit would) in one group, as a plain editable structure.
 */
export function folderFiles(artifacts: tf.io.ModelArtifacts): ModelFolderFiles {
  const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const cut = 4 * Math.floor(data.byteLength / 12);
  return {
    json: structuredClone({
      format: 'layers-model',
      generatedBy: 'spec',
      convertedBy: null,
      modelTopology: artifacts.modelTopology as Record<string, unknown>,
      weightsManifest: [{ paths: ['group1-shard1of2.bin', './group1-shard2of2.bin'], weights: artifacts.weightSpecs ?? [] }],
    }) as ModelFolderFiles['json'],
    shards: new Map([
      ['group1-shard1of2.bin', data.slice(0, cut)],
      ['group1-shard2of2.bin', data.slice(cut)],
    ]),
  };
}

/** Writes model.json (`jsonText` replaces it; null leaves it out) and the shards. */
export function writeFolder(dir: string, files: ModelFolderFiles, jsonText?: string | null | void): string {
  mkdirSync(dir, { recursive: true });
  if (jsonText !== null) writeFileSync(join(dir, 'model.json'), jsonText ?? JSON.stringify(files.json));
  for (const [name, bytes] of files.shards) writeFileSync(join(dir, name), bytes);
  return dir;
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `naschain-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
