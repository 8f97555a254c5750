// The stand-in Hub's fault switches (documented in fake-hub-server.ts's head
// comment) and the faulty answer to a file download.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The secret-looking part of every presigned CDN URL the stand-in hands out; it must never reach a message. */
export const PRESIGNED_SIGNATURE = 'sig0123456789abcdefSECRET';

export interface BodyFault {
  kind: 'cut' | 'short' | 'stall' | 'swap' | 'long';
  afterBytes: number;
}

export interface Fault {
  method?: string;
  /** Matched against the URL's pathname. */
  path: RegExp;
  /** Answer with this status (ignored when reset or body is given). */
  status?: number;
  /** Drop the connection instead of answering: before or after the real handler ran. */
  reset?: 'before' | 'after';
  /** Read the request and never answer. */
  hang?: boolean;
  /** Fault the body of a file download. */
  body?: BodyFault;
  /** Answer a Range request of a file download with 200 and the whole file (a server or proxy without Range support). */
  ignoreRange?: boolean;
  headers?: Record<string, string>;
  /** Run the real handler first, then answer with the fault (a commit that landed). */
  afterHandling?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

/** Answers a download with the body fault: the headers claim all of `bytes`. */
export function serveFaulty(req: IncomingMessage, res: ServerResponse, status: number, bytes: Buffer, headers: Record<string, string>, fault: BodyFault): void {
  if (fault.kind === 'long') {
    // Content-Length and body both afterBytes longer than the file: more than the listing allows.
    res.writeHead(status, { ...headers, 'Content-Length': String(bytes.length + fault.afterBytes) });
    return void res.end(Buffer.concat([bytes, Buffer.alloc(fault.afterBytes, 1)]));
  }
  res.writeHead(status, headers);
  if (fault.kind === 'swap') {
    const other = Buffer.from(bytes);
    for (let i = fault.afterBytes; i < other.length; i++) other[i] = (other[i] as number) ^ 0x5a;
    return void res.end(other);
  }
  // Written first, so the client has these bytes before the connection breaks.
  res.write(bytes.subarray(0, Math.min(fault.afterBytes, bytes.length)), () => {
    if (fault.kind === 'cut') req.socket.resetAndDestroy();
    else if (fault.kind === 'short') req.socket.end();
    // 'stall': nothing more; stop() closes the socket.
  });
}
