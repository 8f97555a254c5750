// Checks a model.json weightsManifest before any shard is opened: every path a
// plain file name inside the model folder, every weight float32 with a shape of
// positive integers, stored plain or quantized as tensorflowjs_converter
// writes it (uint8/uint16 affine with min and scale, or float16), and the
// bytes it takes once decoded within the allocation budget.
import { quoteUntrusted } from '../../core/untrusted-text.js';
import { fail, type LoadFailure } from './load-failure.js';
import type { LoadPolicy } from './load-policy.js';
import { shown } from './shown-value.js';

/** One float32 weight as handed to tfjs: decoded, so never quantized. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** How a weight is stored when quantized (tfjs' WeightsManifestEntry.quantization). */
export type Quantization = { dtype: 'uint8' | 'uint16'; min: number; scale: number } | { dtype: 'float16' };

export interface StoredWeight {
  spec: WeightSpec;
  /** Absent: stored as little-endian float32. */
  quantization?: Quantization;
  elements: number;
  /** Bytes it takes in its shard. */
  bytes: number;
}

export interface CheckedGroup {
  /** Plain file names (a leading "./" removed), in manifest order. */
  files: string[];
  weights: StoredWeight[];
  /** Bytes the group's weights take in its shards: they must hold exactly this many. */
  bytes: number;
}

export interface CheckedManifest {
  ok: true;
  groups: CheckedGroup[];
  /** Float32 elements of every weight: what loading will allocate. */
  totalElements: number;
}

const BYTES_PER_FLOAT32 = 4;
const STORED_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;
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

/** tfjs' decodeWeight rules: uint8/uint16 need min and scale, float16 needs nothing else; a phrase when not so. */
function checkQuantization(q: unknown): Quantization | string {
  if (!isObject(q)) return `is ${shown(q)}, expected {dtype, min, scale} or {dtype: "float16"}`;
  if (q.dtype === 'float16') return { dtype: 'float16' };
  if (q.dtype !== 'uint8' && q.dtype !== 'uint16') return `dtype is ${shown(q.dtype)}, expected "uint8", "uint16" or "float16"`;
  if (typeof q.min !== 'number' || !Number.isFinite(q.min) || typeof q.scale !== 'number' || !Number.isFinite(q.scale)) {
    return `has min ${shown(q.min)} and scale ${shown(q.scale)}, expected two finite numbers`;
  }
  return { dtype: q.dtype, min: q.min, scale: q.scale };
}

export function checkWeightsManifest(
  manifest: unknown[], policy: Pick<LoadPolicy<never>, 'limits' | 'quantized'>, where: string,
): CheckedManifest | LoadFailure {
  const maxBytes = policy.limits.maxWeightBytes;
  const groups: CheckedGroup[] = [];
  const seenFiles = new Set<string>();
  const seenWeights = new Set<string>();
  let decodedBytes = 0;
  for (const [g, group] of manifest.entries()) {
    const at = `${where}: weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      return fail('bad-manifest', `${at} is ${shown(group)}, expected {paths: [...], weights: [...]}`);
    }
    const files: string[] = [];
    for (const [p, path] of group.paths.entries()) {
      const name = typeof path === 'string' ? plainShardName(path) : null;
      if (name === null) return fail('bad-weights-path', `${at}.paths[${p}] is ${shown(path)}, expected a plain file name inside the model folder`);
      if (seenFiles.has(name)) return fail('duplicate-weights-path', `${at}.paths[${p}] is ${shown(path)}, expected each shard file to be listed once`);
      seenFiles.add(name);
      files.push(name);
    }
    const weights: StoredWeight[] = [];
    let bytes = 0;
    for (const [w, spec] of group.weights.entries()) {
      const wat = `${at}.weights[${w}]`;
      if (!isObject(spec) || typeof spec.name !== 'string' || spec.name.length === 0) {
        return fail('bad-manifest', `${wat} is ${shown(spec)}, expected {name, shape, dtype}`);
      }
      const named = `${wat} (${quoteUntrusted(spec.name)})`;
      if (seenWeights.has(spec.name)) return fail('bad-manifest', `${wat}.name is ${shown(spec.name)}, expected each weight name once`);
      seenWeights.add(spec.name);
      if (spec.dtype !== 'float32') return fail('bad-dtype', `${named} dtype is ${shown(spec.dtype)}, expected "float32"`);
      let quantization: Quantization | undefined;
      // tfjs tests the key, not its value: a present `quantization: null` would make it throw.
      if ('quantization' in spec) {
        if (policy.quantized === 'refuse') {
          return fail('quantized-weights', `${named} is quantized (${shown(spec.quantization)}), expected plain float32 weights (quantized weights are refused here)`);
        }
        const q = checkQuantization(spec.quantization);
        if (typeof q === 'string') return fail('bad-manifest', `${named} quantization ${q}`);
        quantization = q;
      }
      const shape = spec.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) > 0)) {
        return fail('bad-shape', `${named} shape is ${shown(shape)}, expected an array of positive integers`);
      }
      // Multiply with an early exit so a hostile shape never overflows past the limit unnoticed.
      let elements = 1;
      for (const d of shape as number[]) {
        elements *= d;
        if (decodedBytes + elements * BYTES_PER_FLOAT32 > maxBytes) {
          return fail('size-limit', `${where}: weights declare more than ${maxBytes} bytes (at ${quoteUntrusted(spec.name)}, shape ${shown(shape)}), expected at most ${maxBytes}`);
        }
      }
      decodedBytes += elements * BYTES_PER_FLOAT32;
      const stored = elements * (quantization ? STORED_BYTES[quantization.dtype] : BYTES_PER_FLOAT32);
      bytes += stored;
      const weight: StoredWeight = { spec: { name: spec.name, shape: [...(shape as number[])], dtype: 'float32' }, elements, bytes: stored };
      if (quantization) weight.quantization = quantization;
      weights.push(weight);
    }
    groups.push({ files, weights, bytes });
  }
  return { ok: true, groups, totalElements: decodedBytes / BYTES_PER_FLOAT32 };
}
