// Checks a model.json weightsManifest before any shard is opened: every path a
// plain file name inside the model folder, every weight float32 with a shape of
// positive integers, and the declared bytes within the validation limit.
import { quoteUntrusted } from '../core/untrusted-text.js';
import { reject, type Rejection } from './reject-reasons.js';
import { shown } from './shown-value.js';

/** One float32 weight as tfjs' WeightsManifestEntry, without optional extras. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface CheckedGroup {
  /** Plain file names (a leading "./" removed), in manifest order. */
  files: string[];
  weights: WeightSpec[];
  /** Bytes the group's weights need: its shards must hold exactly this many. */
  bytes: number;
}

export interface CheckedManifest {
  ok: true;
  groups: CheckedGroup[];
  totalBytes: number;
}

const BYTES_PER_FLOAT32 = 4;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The file name a manifest path stands for, or null when it could reach
 * outside the folder, is hidden (a leading '.') or is not a plain name. "./name" is accepted because
 * tfjs' own file saver writes it.
 */
export function plainShardName(path: string): string | null {
  const name = path.startsWith('./') ? path.slice(2) : path;
  if (name.length === 0 || name.length > 255) return null;
  // No '.', '..' or hidden file: the model hash (lib/hub/model-hash.ts, like
  // upstream's download) leaves hidden files out, so a dot-file shard would
  // load weights the committed hash never covered.
  if (name.startsWith('.')) return null;
  // '/', '\\' and ':' rule out sub-folders, Windows drives and URL schemes; NUL and controls truncate or confuse paths.
  if (/[/\\:\u0000-\u001f\u007f]/.test(name)) return null;
  // The folder's own records are never weights.
  if (name === 'model.json' || name === 'submission.json') return null;
  return name;
}

export function checkWeightsManifest(manifest: unknown[], maxBytes: number, where: string): CheckedManifest | Rejection {
  const groups: CheckedGroup[] = [];
  const seenFiles = new Set<string>();
  const seenWeights = new Set<string>();
  let totalBytes = 0;
  for (const [g, group] of manifest.entries()) {
    const at = `${where}: weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      return reject('bad-manifest', `${at} is ${shown(group)}, expected {paths: [...], weights: [...]}`);
    }
    const files: string[] = [];
    for (const [p, path] of group.paths.entries()) {
      const name = typeof path === 'string' ? plainShardName(path) : null;
      if (name === null) return reject('bad-weights-path', `${at}.paths[${p}] is ${shown(path)}, expected a plain file name inside the model folder`);
      if (seenFiles.has(name)) return reject('duplicate-weights-path', `${at}.paths[${p}] is ${shown(path)}, expected each shard file to be listed once`);
      seenFiles.add(name);
      files.push(name);
    }
    const weights: WeightSpec[] = [];
    let bytes = 0;
    for (const [w, spec] of group.weights.entries()) {
      const wat = `${at}.weights[${w}]`;
      if (!isObject(spec) || typeof spec.name !== 'string' || spec.name.length === 0) {
        return reject('bad-manifest', `${wat} is ${shown(spec)}, expected {name, shape, dtype}`);
      }
      if (seenWeights.has(spec.name)) return reject('bad-manifest', `${wat}.name is ${shown(spec.name)}, expected each weight name once`);
      seenWeights.add(spec.name);
      if (spec.dtype !== 'float32') return reject('bad-dtype', `${wat} (${quoteUntrusted(spec.name)}) dtype is ${shown(spec.dtype)}, expected "float32"`);
      if (spec.quantization !== undefined) return reject('bad-dtype', `${wat} (${quoteUntrusted(spec.name)}) is quantized (${shown(spec.quantization)}), expected plain float32`);
      const shape = spec.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) > 0)) {
        return reject('bad-shape', `${wat} (${quoteUntrusted(spec.name)}) shape is ${shown(shape)}, expected an array of positive integers`);
      }
      // Multiply with an early exit so a hostile shape never overflows past the limit unnoticed.
      let n = BYTES_PER_FLOAT32;
      for (const d of shape as number[]) {
        n *= d;
        if (totalBytes + bytes + n > maxBytes) {
          return reject('size-limit', `${where}: weights declare more than ${maxBytes} bytes (at ${quoteUntrusted(spec.name)}, shape ${shown(shape)}), expected at most ${maxBytes}`);
        }
      }
      bytes += n;
      weights.push({ name: spec.name, shape: [...(shape as number[])], dtype: 'float32' });
    }
    totalBytes += bytes;
    groups.push({ files, weights, bytes });
  }
  return { ok: true, groups, totalBytes };
}
