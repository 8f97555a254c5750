// IDX files (the MNIST/Fashion-MNIST format), raw or gzip: parse with checks
// that name the file and what was wrong, and encode (for the embedded subset).
import { gunzipSync } from 'node:zlib';
import { NaschainError } from '../core/errors.js';

/** IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), number of dimensions. */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxArray {
  dims: number[];
  /** The payload, a view into the (decompressed) file bytes. */
  data: Uint8Array;
}

const corrupt = (file: string, found: string, expected: string) =>
  new NaschainError('CORRUPT', `${file}: ${found}, expected ${expected}`);

/** Decompresses gzip bytes (detected by their magic), else returns the bytes as they are. */
export function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw corrupt(file, `gzip data is damaged or truncated (${(e as Error).message})`, 'a complete gzip stream');
    }
  }
  return bytes;
}

/** Parses one IDX file of unsigned bytes with the given magic; checks the exact length. */
export function parseIdx(fileBytes: Uint8Array, file: string, magic: number): IdxArray {
  const bytes = maybeGunzip(fileBytes, file);
  const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
  if (bytes.length < 4) throw corrupt(file, `only ${bytes.length} bytes`, `an IDX header (magic ${hex(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) throw corrupt(file, `magic ${hex(found)}`, `${hex(magic)} (${magic === IDX_IMAGES_MAGIC ? 'IDX images' : 'IDX labels'})`);
  const rank = magic & 0xff;
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw corrupt(file, `${bytes.length} bytes`, `a ${header}-byte header`);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  if (bytes.length !== header + size) {
    const what = bytes.length < header + size ? 'truncated' : 'trailing bytes';
    throw corrupt(file, `${bytes.length} bytes (${what}) for dims ${dims.join('x')}`, `exactly ${header + size} bytes`);
  }
  // A plain Uint8Array view (not a Buffer) over the payload, no copy.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, size) };
}

/** Reads IDX images and labels; checks shape, count and label range. */
export function readIdxPair(
  imagesBytes: Uint8Array,
  labelsBytes: Uint8Array,
  files: { images: string; labels: string },
  expect: { height: number; width: number; numClasses: number; count?: number },
): { images: Uint8Array; labels: Uint8Array; count: number } {
  const img = parseIdx(imagesBytes, files.images, IDX_IMAGES_MAGIC);
  const lab = parseIdx(labelsBytes, files.labels, IDX_LABELS_MAGIC);
  const [n = 0, h, w] = img.dims;
  if (h !== expect.height || w !== expect.width) {
    throw corrupt(files.images, `images of ${h}x${w}`, `${expect.height}x${expect.width}`);
  }
  if (expect.count !== undefined && n !== expect.count) throw corrupt(files.images, `${n} images`, `${expect.count}`);
  if (lab.dims[0] !== n) throw corrupt(files.labels, `${lab.dims[0]} labels`, `${n} (one per image in ${files.images})`);
  const labels = lab.data;
  for (let i = 0; i < labels.length; i++) {
    if ((labels[i] as number) >= expect.numClasses) throw corrupt(files.labels, `label ${labels[i]} at index ${i}`, `labels below ${expect.numClasses}`);
  }
  return { images: img.data, labels, count: n };
}

/** Encodes an IDX file of unsigned bytes (uncompressed). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new NaschainError('INVALID', `encodeIdx: dims ${dims.join('x')} need ${size} bytes, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000800 | dims.length, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
