// Streams one file to disk, never accepting more bytes than the listing gave
// for it, and checks the bytes against the listing's git/LFS ids, so a server
// that sends more, less or other bytes than it listed is caught while streaming.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { HubApiError } from '@huggingface/hub';
import { NaschainError } from '../core/errors.js';
import type { RepoFile } from './model-store.js';

/** Git's blob id: sha1("blob <size>\0" + bytes). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function downloadCapped(fetchFn: typeof fetch, url: string, headers: Record<string, string>, file: RepoFile, dest: string, label: string): Promise<void> {
  const res = await fetchFn(url, { headers });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new HubApiError(url, res.status, res.headers.get('X-Request-Id') ?? undefined, `download of ${file.path} failed with ${res.status}`);
  }
  const declared = res.headers.get('content-length');
  if (declared !== null && Number(declared) > file.size) {
    await res.body?.cancel().catch(() => undefined);
    throw new NaschainError('LIMIT', `${label}: ${file.path} is served with ${declared} bytes, listed as ${file.size}; rejected before reading it`);
  }
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${file.size}\0`);
  let received = 0;
  const out = await open(dest, 'wx');
  try {
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > file.size) {
          await reader.cancel().catch(() => undefined);
          throw new NaschainError('LIMIT', `${label}: ${file.path} sent more than its listed ${file.size} bytes; download cut off`);
        }
        sha256.update(value);
        sha1.update(value);
        await out.write(value);
      }
    }
  } finally {
    await out.close();
  }
  if (received !== file.size) throw new NaschainError('CORRUPT', `${label}: ${file.path} ended after ${received} bytes, listed as ${file.size}`);
  if (file.lfsSha256 !== undefined) {
    const got = sha256.digest('hex');
    if (got !== file.lfsSha256) throw new NaschainError('CORRUPT', `${label}: ${file.path} has sha256 ${got}, listed as ${file.lfsSha256}`);
  } else {
    const got = sha1.digest('hex');
    if (got !== file.blobId) throw new NaschainError('CORRUPT', `${label}: ${file.path} has git blob id ${got}, listed as ${file.blobId}`);
  }
}
