// Fetches one URL into a file: streamed to a temporary file in the target's
// folder, hashed on the way, checked, then renamed into place, so a failed or
// interrupted download never leaves a file under the final name.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { maybeGunzip } from './idx.js';
import { progressReporter } from './progress.js';

/** Hashes to check (hex); contentSha256 is of the gunzipped bytes. */
export interface ExpectedHashes { md5?: string; sha256?: string; contentSha256?: string }

export interface DownloadOptions {
  fetchImpl?: typeof fetch;
  log?: Logger;
  /** Where the progress bar goes (stderr by default). */
  progressStream?: NodeJS.WritableStream;
}

export async function downloadFile(url: string, dest: string, expect: ExpectedHashes, opts: DownloadOptions = {}): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const tmpDir = mkdtempSync(join(dirname(dest), '.download-'));
  const tmp = join(tmpDir, basename(dest));
  try {
    let res: Response;
    try {
      res = await (opts.fetchImpl ?? fetch)(url);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new NaschainError('NETWORK', `${url}: cannot connect (${cause?.code ?? cause?.message ?? (e as Error).message})`);
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new NaschainError('NETWORK', `${url}: HTTP ${res.status} ${res.statusText}, expected 200 with a body`);
    }
    const lengthHeader = res.headers.get('content-length');
    const total = lengthHeader === null ? undefined : Number(lengthHeader);
    const md5 = createHash('md5'), sha256 = createHash('sha256');
    const progress = progressReporter(`downloading ${basename(dest)}`, total, opts.log, opts.progressStream);
    const out = createWriteStream(tmp);
    let received = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        md5.update(chunk);
        sha256.update(chunk);
        received += chunk.length;
        progress.update(chunk.length);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
    } catch (e) {
      throw new NaschainError('NETWORK', `${url}: connection broke after ${received} bytes${total === undefined ? '' : ` of ${total}`} (${(e as Error).message})`);
    } finally {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    progress.done();
    if (total !== undefined && received !== total) throw new NaschainError('NETWORK', `${url}: truncated, got ${received} bytes, expected ${total}`);
    const got = { md5: md5.digest('hex'), sha256: sha256.digest('hex') };
    for (const k of ['md5', 'sha256'] as const) {
      const want = expect[k];
      if (want !== undefined && got[k] !== want) throw new NaschainError('CORRUPT', `${url}: ${k} ${got[k]}, expected ${want}; the file was not kept`);
    }
    if (expect.contentSha256 !== undefined) {
      const content = createHash('sha256').update(maybeGunzip(readFileSync(tmp), url)).digest('hex');
      if (content !== expect.contentSha256) throw new NaschainError('CORRUPT', `${url}: sha256 of the decompressed content ${content}, expected ${expect.contentSha256}; the file was not kept`);
    }
    renameSync(tmp, dest);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}
