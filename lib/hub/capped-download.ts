// Streams one file to disk, never accepting more bytes than the listing gave
// for it, and checks the bytes against the listing's git/LFS ids, so a server
// that sends more, less or other bytes than it listed is caught while streaming.
// A body that breaks off (reset, early close, a Content-Length that lies) is
// resumed with a Range request from the last byte received (restarted when the
// server ignores the Range), with backoff, a bounded number of times; the
// whole file, every try included, has one deadline, so a body that stalls
// after its headers ends in a NETWORK error naming the file and the deadline.
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { HubApiError } from '@huggingface/hub';
import { NaschainError } from '../core/errors.js';
import type { RepoFile } from './model-store.js';
import { RetriesExhausted } from './retrying-fetch.js';

/** Git's blob id: sha1("blob <size>\0" + bytes). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export interface DownloadPolicy {
  /** Deadline for the whole file, every try included. */
  timeoutMs: number;
  /** Tries after the first one when the body breaks off. */
  maxRetries: number;
  /** Waits before try `attempt` (1-based); the store's seeded backoff. */
  backoff: (attempt: number) => Promise<void>;
}

/** Running state of one file: bytes on disk so far and the two digests over them. */
class Progress {
  received = 0;
  sha256: Hash = createHash('sha256');
  sha1: Hash;
  constructor(private readonly out: FileHandle, private readonly size: number) {
    this.sha1 = createHash('sha1').update(`blob ${size}\0`);
  }

  async restart(): Promise<void> {
    this.received = 0;
    this.sha256 = createHash('sha256');
    this.sha1 = createHash('sha1').update(`blob ${this.size}\0`);
    await this.out.truncate(0);
  }

  async append(chunk: Uint8Array): Promise<void> {
    this.sha256.update(chunk);
    this.sha1.update(chunk);
    await this.out.write(chunk, 0, chunk.byteLength, this.received);
    this.received += chunk.byteLength;
  }
}

/** Undici's words for a body or connection that broke: these are worth another try. */
function isBrokenTransfer(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e instanceof TypeError && /terminated|fetch failed|other side closed/i.test(e.message)) return true;
  const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
  return typeof code === 'string' && /ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(code);
}

export async function downloadCapped(fetchFn: typeof fetch, url: string, headers: Record<string, string>, file: RepoFile, dest: string, label: string, policy: DownloadPolicy): Promise<void> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), policy.timeoutMs);
  const out = await open(dest, 'wx');
  const p = new Progress(out, file.size);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await oneTry(fetchFn, url, headers, file, label, p, deadline.signal);
        if (p.received === file.size) break;
        throw new Error(`the body ended after ${p.received} of ${file.size} bytes`);
      } catch (e) {
        if (deadline.signal.aborted) {
          throw new NaschainError('NETWORK', `${label}: download of ${file.path} did not finish within its deadline of ${policy.timeoutMs / 1000} s (${p.received} of ${file.size} bytes received)`, { cause: e });
        }
        if (e instanceof NaschainError || e instanceof HubApiError || e instanceof RetriesExhausted) throw e;
        const ended = e instanceof Error && /^the body ended/.test(e.message);
        if (!(ended || isBrokenTransfer(e))) throw e;
        if (attempt >= policy.maxRetries) {
          throw new NaschainError('NETWORK', `${label}: download of ${file.path} broke off ${attempt + 1} times; last at ${p.received} of ${file.size} bytes`, { cause: e });
        }
        await policy.backoff(attempt + 1);
      }
    }
  } finally {
    clearTimeout(timer);
    await out.close();
  }
  if (file.lfsSha256 !== undefined) {
    const got = p.sha256.digest('hex');
    if (got !== file.lfsSha256) throw new NaschainError('CORRUPT', `${label}: ${file.path} has sha256 ${got}, listed as ${file.lfsSha256}`);
  } else {
    const got = p.sha1.digest('hex');
    if (got !== file.blobId) throw new NaschainError('CORRUPT', `${label}: ${file.path} has git blob id ${got}, listed as ${file.blobId}`);
  }
}

/** One request: resumes at p.received when the server honours the Range, else starts over. */
async function oneTry(fetchFn: typeof fetch, url: string, headers: Record<string, string>, file: RepoFile, label: string, p: Progress, signal: AbortSignal): Promise<void> {
  const resumeAt = p.received;
  const res = await fetchFn(url, { headers: resumeAt > 0 ? { ...headers, Range: `bytes=${resumeAt}-` } : headers, signal });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new HubApiError(url, res.status, res.headers.get('X-Request-Id') ?? undefined, `download of ${file.path} failed with ${res.status}`);
  }
  const resumed = res.status === 206 && resumeAt > 0 && new RegExp(`^bytes ${resumeAt}-`).test(res.headers.get('content-range') ?? '');
  if (resumeAt > 0 && !resumed) await p.restart();
  const declared = res.headers.get('content-length');
  if (declared !== null && p.received + Number(declared) > file.size) {
    await res.body?.cancel().catch(() => undefined);
    throw new NaschainError('LIMIT', `${label}: ${file.path} is served with ${p.received + Number(declared)} bytes, listed as ${file.size}; rejected before reading it`);
  }
  if (!res.body) return;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (p.received + value.byteLength > file.size) {
      await reader.cancel().catch(() => undefined);
      throw new NaschainError('LIMIT', `${label}: ${file.path} sent more than its listed ${file.size} bytes; download cut off`);
    }
    await p.append(value);
  }
}
