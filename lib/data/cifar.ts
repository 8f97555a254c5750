// CIFAR-10 and CIFAR-100 binary record files: each record is the label byte(s)
// then 3072 pixel bytes as R, G, B planes of 32x32, row-major. We convert the
// planar CHW layout to the NHWC layout every other part of naschain uses.
import { NaschainError } from '../core/errors.js';

export interface CifarLayout {
  /** Bytes before the pixels: 1 for CIFAR-10, 2 (coarse, fine) for CIFAR-100. */
  labelBytes: number;
  /** Which of those bytes is the label we use: 0 for CIFAR-10, 1 (fine) for CIFAR-100. */
  labelIndex: number;
  numClasses: number;
  height: number;
  width: number;
  channels: number;
}

export const CIFAR10_LAYOUT: CifarLayout = { labelBytes: 1, labelIndex: 0, numClasses: 10, height: 32, width: 32, channels: 3 };
export const CIFAR100_LAYOUT: CifarLayout = { labelBytes: 2, labelIndex: 1, numClasses: 100, height: 32, width: 32, channels: 3 };

export function cifarRecordSize(layout: CifarLayout): number {
  return layout.labelBytes + layout.height * layout.width * layout.channels;
}

/** Number of records in a file, after checking its size; throws CORRUPT naming the file. */
export function cifarRecordCount(byteLength: number, file: string, layout: CifarLayout): number {
  const rec = cifarRecordSize(layout);
  if (byteLength === 0 || byteLength % rec !== 0) {
    throw new NaschainError('CORRUPT', `${file}: ${byteLength} bytes, expected a non-zero multiple of the ${rec}-byte record size`);
  }
  return byteLength / rec;
}

/**
 * Decodes records of `bytes` into `images` (NHWC) and `labels` starting at
 * record `offset` of the outputs; returns the number of records decoded.
 */
export function decodeCifarInto(
  bytes: Uint8Array, file: string, layout: CifarLayout,
  images: Uint8Array, labels: Uint8Array, offset: number,
): number {
  const n = cifarRecordCount(bytes.length, file, layout);
  const rec = cifarRecordSize(layout);
  const plane = layout.height * layout.width;
  const ch = layout.channels;
  const imageSize = plane * ch;
  if ((offset + n) * imageSize > images.length || offset + n > labels.length) {
    throw new NaschainError('CORRUPT', `${file}: ${n} records, expected at most ${labels.length - offset} more to fit the split`);
  }
  for (let r = 0; r < n; r++) {
    const base = r * rec;
    const label = bytes[base + layout.labelIndex] as number;
    if (label >= layout.numClasses) {
      throw new NaschainError('CORRUPT', `${file}: label ${label} in record ${r}, expected labels below ${layout.numClasses}`);
    }
    labels[offset + r] = label;
    const src = base + layout.labelBytes;
    const dst = (offset + r) * imageSize;
    for (let c = 0; c < ch; c++) {
      const s = src + c * plane;
      for (let p = 0, d = dst + c; p < plane; p++, d += ch) images[d] = bytes[s + p] as number;
    }
  }
  return n;
}

/** Decodes whole files into one split, in the order given. */
export function decodeCifarFiles(parts: { file: string; bytes: Uint8Array }[], layout: CifarLayout) {
  const count = parts.reduce((a, p) => a + cifarRecordCount(p.bytes.length, p.file, layout), 0);
  const images = new Uint8Array(count * layout.height * layout.width * layout.channels);
  const labels = new Uint8Array(count);
  let offset = 0;
  for (const p of parts) offset += decodeCifarInto(p.bytes, p.file, layout, images, labels, offset);
  return { images, labels, count };
}
