// The Commitments pallet's `Data` field: which variant a text is written as
// (Raw0..Raw128 by exact byte length, BigRaw above 128 up to 512 bytes) and
// how a stored field turns back into text. Mirrors pallet_commitments::Data.
import { NaschainError } from '../core/errors.js';

export const MAX_RAW_BYTES = 128;
/** pallet_commitments MAX_BIGRAW_COMMITMENT_SIZE_BYTES. */
export const MAX_BIGRAW_BYTES = 512;
/** set_commitment charges at least this many bytes of the per-epoch space. */
export const MIN_USED_SPACE = 100;

/** The call argument for one field: `{ Raw<n>: bytes }` or `{ BigRaw: bytes }`. */
export function commitmentField(text: string): { variant: string; bytes: Uint8Array } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= MAX_RAW_BYTES) return { variant: `Raw${bytes.length}`, bytes };
  if (bytes.length <= MAX_BIGRAW_BYTES) return { variant: 'BigRaw', bytes };
  throw new NaschainError('LIMIT', `commitment is ${bytes.length} bytes of UTF-8, over the chain's limit of ${MAX_BIGRAW_BYTES} (BigRaw)`);
}

/** Bytes of the per-epoch space a single-field commitment uses. */
export function spaceFor(bytes: number): number {
  return Math.max(bytes, MIN_USED_SPACE);
}

/** A decoded `Data` enum value as polkadot-js gives it: variant name and inner codec. */
export interface DataLike {
  readonly type: string;
  readonly value: { toU8a(isBare?: boolean): Uint8Array };
}

/** Text of a stored field; null for variants that hold no text (None, hashes, timelocked). */
export function fieldText(field: DataLike): string | null {
  if (!/^Raw\d+$/.test(field.type) && field.type !== 'BigRaw') return null;
  // Raw<n> is [u8; n] (bare is the bytes); BigRaw is Vec<u8> (bare drops the length prefix).
  const bytes = field.value.toU8a(true);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
