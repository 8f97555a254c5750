// The worker's reply channel: length-prefixed JSON frames (4-byte big-endian
// length, then UTF-8 JSON) on a pipe of their own. Node's built-in IPC buffers
// a message whole before it can be looked at; here the parent reads the length
// first and refuses a frame over its cap before buffering it, so a worker gone
// wrong cannot make the validator's memory grow without bound.
import { NaschainError } from '../core/errors.js';

/** Replies are small plain data (metrics, a one-line message); 1 MiB is generous. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Cuts a byte stream into frames; throws a NaschainError('LIMIT') at the first frame over `maxBytes`. */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** The complete frames `chunk` finishes, parsed. */
  push(chunk: Buffer): unknown[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: unknown[] = [];
    for (;;) {
      if (this.pendingBytes < 4) return out;
      const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
      this.pending = [all];
      const length = all.readUInt32BE(0);
      if (length > this.maxBytes) {
        throw new NaschainError('LIMIT', `worker reply: a frame of ${length} bytes, expected at most ${this.maxBytes}`);
      }
      if (all.length < 4 + length) return out;
      const body = all.subarray(4, 4 + length).toString('utf8');
      const rest = all.subarray(4 + length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
      try {
        out.push(JSON.parse(body));
      } catch (e) {
        throw new NaschainError('CORRUPT', `worker reply: a frame that is not JSON (${(e as Error).message})`);
      }
    }
  }
}
