// hf://namespace/name@commit as a model source. The hub layer only fetches
// the files (ModelStore: size limit, pinned commit, capped download, cache,
// and the hash check when an expected hash is known from a `?hash=` in the
// URL or the expectedHash look-up); the model is then checked and built by
// the one loader (load-model.ts) under the caller's policy, so an hf:// model
// gets every check a folder gets, the validator's included when its policy
// is passed.
//
// loadHfModel builds once. The tfjs route (registerHfRouter, so that
// tfl.loadLayersModel('hf://...') works) cannot run its build under the
// loader's weight budget, so its handler checks and builds the model first
// (then disposes it) and hands tfjs the checked artifacts: the canonical
// topology and float32 weights that were just shown to build within the
// manifest's budget. That costs a second build, on the tfjs route only.
import * as tf from '@tensorflow/tfjs-core';
import { NaschainError } from '../../core/errors.js';
import { HF_SCHEME, parseHfUrl, type ModelRef } from '../../hub/model-ref.js';
import type { FetchOptions, ModelStore } from '../../hub/model-store.js';
import { buildCheckedModel, type LoadedModel } from './build-model.js';
import { GENERAL_POLICY, type LoadPolicy } from './load-policy.js';
import { readCheckedArtifacts, type CheckedArtifacts } from './read-checked.js';

export interface HfRouteOptions {
  /** The committed hash of a model (e.g. from the chain); a URL's ?hash= wins over it. */
  expectedHash?: (ref: ModelRef) => string | undefined;
  /** Overrides the store's size limit. */
  maxBytes?: number;
  /** What the model must be (default GENERAL_POLICY: anything tfjs-layers loads, within its limits). */
  policy?: LoadPolicy<string>;
}

async function fetchDir(url: string, store: ModelStore, options: HfRouteOptions): Promise<string> {
  const { ref, expectedHash } = parseHfUrl(url);
  const expected = expectedHash ?? options.expectedHash?.(ref);
  const fetchOptions: FetchOptions = {};
  if (expected !== undefined) fetchOptions.expectedHash = expected;
  if (options.maxBytes !== undefined) fetchOptions.maxBytes = options.maxBytes;
  return (await store.fetch(ref, fetchOptions)).dir;
}

/** Fetches, checks and builds one hf:// model; a bad model is a returned failure, a failed fetch a throw. */
export async function loadHfModel(url: string, store: ModelStore, options: HfRouteOptions = {}): Promise<LoadedModel<string>> {
  const dir = await fetchDir(url, store, options);
  const policy = options.policy ?? GENERAL_POLICY;
  const checked = readCheckedArtifacts(dir, policy, url);
  if (!checked.ok) return checked;
  return buildCheckedModel(checked.artifacts, policy, url);
}

/** An IOHandler for tfjs' loaders: the artifacts of one hf:// model, after every check and a trial build. */
export function hfLoadHandler(url: string, store: ModelStore, options: HfRouteOptions = {}): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const dir = await fetchDir(url, store, options);
      const policy = options.policy ?? GENERAL_POLICY;
      const checked = readCheckedArtifacts(dir, policy, url);
      if (!checked.ok) throw new NaschainError('INVALID', `${checked.message} [${checked.reason}]`);
      const built = await buildCheckedModel(checked.artifacts, policy, url);
      if (!built.ok) throw new NaschainError('INVALID', `${built.message} [${built.reason}]`);
      built.model.dispose();
      return toModelArtifacts(checked.artifacts);
    },
  };
}

function toModelArtifacts(a: CheckedArtifacts): tf.io.ModelArtifacts {
  const out: tf.io.ModelArtifacts = { modelTopology: a.modelTopology, format: a.format, weightSpecs: a.weightSpecs, weightData: a.weightData };
  if (a.generatedBy !== undefined) out.generatedBy = a.generatedBy;
  if (a.convertedBy !== undefined) out.convertedBy = a.convertedBy;
  return out;
}

let current: { store: ModelStore; options: HfRouteOptions } | undefined;
let registered = false;

/**
 * Routes hf:// URLs to the given store. tfjs has no way to remove a router, so
 * one router is registered per process and delegates to the latest store; the
 * returned function restores the previous one (specs use it to clean up).
 */
export function registerHfRouter(store: ModelStore, options: HfRouteOptions = {}): () => void {
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
