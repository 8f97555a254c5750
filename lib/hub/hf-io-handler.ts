// hf://namespace/name@commit as a tfjs load route, so that
// tfl.loadLayersModel('hf://...') goes through the ModelStore with all its checks
// (size limit, pinned commit, capped download, cache) and, when an expected hash
// is known (a `?hash=` in the URL or the router's expectedHash look-up), the hash check.
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { HF_SCHEME, parseHfUrl, type ModelRef } from './model-ref.js';
import type { FetchOptions, ModelStore } from './model-store.js';

export interface HfRouterOptions {
  /** The committed hash of a model (e.g. from the chain); a URL's ?hash= wins over it. */
  expectedHash?: (ref: ModelRef) => string | undefined;
  /** Overrides the store's size limit. */
  maxBytes?: number;
}

/** An IOHandler that loads one hf:// URL through the store. */
export function hfLoadHandler(url: string, store: ModelStore, options: HfRouterOptions = {}): tf.io.IOHandler {
  const { ref, expectedHash } = parseHfUrl(url);
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const expected = expectedHash ?? options.expectedHash?.(ref);
      const fetchOptions: FetchOptions = {};
      if (expected !== undefined) fetchOptions.expectedHash = expected;
      if (options.maxBytes !== undefined) fetchOptions.maxBytes = options.maxBytes;
      const model = await store.fetch(ref, fetchOptions);
      return readModelFolder(model.dir, url);
    },
  };
}

/** Reads model.json and its weight shards from a folder, refusing paths that leave it. */
export async function readModelFolder(dir: string, label: string): Promise<tf.io.ModelArtifacts> {
  let modelJSON: tf.io.ModelJSON;
  try {
    modelJSON = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  } catch (e) {
    throw new NaschainError('CORRUPT', `${label}: model.json is not readable JSON (${(e as Error).message})`);
  }
  if (typeof modelJSON !== 'object' || modelJSON === null || modelJSON.modelTopology === undefined) {
    throw new NaschainError('CORRUPT', `${label}: model.json has no modelTopology`);
  }
  const root = resolve(dir);
  return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      for (const p of group.paths) {
        const abs = resolve(root, p);
        const rel = relative(root, abs);
        if (rel === '' || rel.startsWith('..') || rel.includes(`${sep}..`) || resolve(root, rel) !== abs) {
          throw new NaschainError('CORRUPT', `${label}: weight path ${JSON.stringify(p)} leaves the model folder`);
        }
        const bytes = await readFile(abs).catch((e: NodeJS.ErrnoException) => {
          throw new NaschainError('CORRUPT', `${label}: weight shard ${p} is missing (${e.code ?? String(e)})`);
        });
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
      specs.push(...group.weights);
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
}

let current: { store: ModelStore; options: HfRouterOptions } | undefined;
let registered = false;

/**
 * Routes hf:// URLs to the given store. tfjs has no way to remove a router, so
 * one router is registered per process and delegates to the latest store; the
 * returned function restores the previous one (specs use it to clean up).
 */
export function registerHfRouter(store: ModelStore, options: HfRouterOptions = {}): () => void {
  const previous = current;
  current = { store, options };
  if (!registered) {
    registered = true;
    // tfjs's IORouter type says IOHandler, but its registry expects null for URLs a router does not take.
    const router = (url: string | string[]): tf.io.IOHandler | null => {
      if (typeof url !== 'string' || !url.startsWith(HF_SCHEME) || !current) return null;
      return hfLoadHandler(url, current.store, current.options);
    };
    tf.io.registerLoadRouter(router as (url: string | string[]) => tf.io.IOHandler);
  }
  return () => {
    current = previous;
  };
}
