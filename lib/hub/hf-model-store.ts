// ModelStore on the Hugging Face Hub through the official client
// (@huggingface/hub). Every request goes through one retrying fetch with a
// deadline; the access token lives in a private field, never reaches a message
// and never travels over plain http to another host (hub-endpoint.ts).
// A fetch downloads model.json and the shards it names, nothing else.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commit, createRepo, fileDownloadInfo, HubApiError, listFiles, modelInfo, type CommitOperation } from '@huggingface/hub';
import { invalid, NaschainError } from '../core/errors.js';
import { makeRng, type Rng } from '../core/rng.js';
import { downloadCapped, gitBlobId } from './capped-download.js';
import { checkHubEndpoint } from './hub-endpoint.js';
import { translateHubError } from './hub-errors.js';
import { HF_TOKEN_SOURCES, hfToken } from './hf-token.js';
import { renderModelCard } from './model-card.js';
import { cacheEntryDir, isCached, populateAtomically, sweepStaleTemps, TEMP_GRACE_MS } from './model-cache.js';
import { checkRepoPath, shardPathsOf } from './model-files.js';
import { hashModelDirDetailed, MODEL_CARD_FILE } from './model-hash.js';
import { checkModelRef, checkRepoName, repoId, type ModelRef, type RepoName } from './model-ref.js';
import type { FetchedModel, FetchOptions, ModelStore, RepoFile, RepoListing, UploadOptions, UploadResult } from './model-store.js';
import { createRetryingFetch, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RETRY, isCommitRequest, realSleep, type RetryPolicy } from './retrying-fetch.js';

export interface HfModelStoreOptions {
  /** Where fetched models are cached (<cacheDir>/<namespace>/<name>/<commit>). */
  cacheDir: string;
  /** Size limit of a whole repo at a commit: ValiConfig.maxDownloadBytes. */
  maxDownloadBytes: number;
  /** Omitted: from the standard places (hf-token.ts: HF_TOKEN, ..., ~/.cache/huggingface/token); null: anonymous (reading public repos needs no token). */
  token?: string | null;
  /** Defaults to https://huggingface.co; specs point it at a local stand-in. */
  hubUrl?: string;
  /** Underlying fetch (defaults to the global one). */
  fetch?: typeof fetch;
  /** Retry timing and the Rng of its jitter (default makeRng(0); pass rngFor(seed, 'hub/retry')). */
  retry?: Partial<RetryPolicy>;
  branch?: string;
  /** Deadline of each Hub request (body included) and of each file's download, its retries included (default 60 s). */
  timeoutMs?: number;
  /** Most files one fetch downloads: model.json plus the shards it names (default 64). */
  maxFiles?: number;
  /** Temp folders of killed downloads older than this are swept whatever their owner (default 1 h; see model-cache.ts). */
  tempGraceMs?: number;
}

/** A listing longer than this is refused before any download (a model is a handful of files). */
export const MAX_LISTED_FILES = 10_000;

const HUB_URL = 'https://huggingface.co';

export class HfModelStore implements ModelStore {
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #hubUrl: string;
  readonly #retry: RetryPolicy;
  readonly #cacheDir: string;
  readonly #maxBytes: number;
  readonly #branch: string;
  readonly #timeoutMs: number;
  readonly #maxFiles: number;
  readonly #tempGraceMs: number;
  #swept = false;

  constructor(options: HfModelStoreOptions) {
    if (!(Number.isFinite(options.maxDownloadBytes) && options.maxDownloadBytes > 0)) throw invalid('maxDownloadBytes', options.maxDownloadBytes, 'a positive number of bytes');
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw invalid('timeoutMs', options.timeoutMs, 'a positive number of milliseconds');
    const maxFiles = options.maxFiles ?? 64;
    if (!(Number.isInteger(maxFiles) && maxFiles >= 1)) throw invalid('maxFiles', options.maxFiles, 'a whole number of files, at least 1');
    this.#token = options.token === null ? undefined : (options.token ?? hfToken());
    this.#hubUrl = checkHubEndpoint(options.hubUrl ?? HUB_URL, this.#token !== undefined);
    const rng: Rng = options.retry?.rng ?? makeRng(0);
    this.#retry = { ...DEFAULT_RETRY, sleep: realSleep, ...options.retry, rng };
    this.#timeoutMs = timeoutMs;
    this.#maxFiles = maxFiles;
    this.#tempGraceMs = options.tempGraceMs ?? TEMP_GRACE_MS;
    this.#fetch = createRetryingFetch(options.fetch ?? globalThis.fetch.bind(globalThis), this.#retry, timeoutMs);
    this.#cacheDir = options.cacheDir;
    this.#maxBytes = options.maxDownloadBytes;
    this.#branch = options.branch ?? 'main';
  }

  /** Never show the token, whatever inspects this object. */
  toJSON(): object {
    return { hubUrl: this.#hubUrl, cacheDir: this.#cacheDir, maxDownloadBytes: this.#maxBytes, token: this.#token ? 'hf_***' : undefined };
  }

  #client() {
    return { hubUrl: this.#hubUrl, fetch: this.#fetch, ...(this.#token ? { accessToken: this.#token } : {}) };
  }

  #writeToken(what: string): string {
    if (!this.#token) throw new NaschainError('AUTH', `${what}: no Hugging Face token: set ${HF_TOKEN_SOURCES}`);
    return this.#token;
  }

  async #call<T>(what: string, repo: string, revision: string | undefined, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw translateHubError(e, revision === undefined ? { what, repo } : { what, repo, revision }, this.#token);
    }
  }

  async #setPrivate(repo: RepoName, isPrivate: boolean, what: string): Promise<void> {
    const token = this.#writeToken(what);
    const id = repoId(repo);
    await this.#call(what, id, undefined, async () => {
      // The JS client has no settings helper; this is the endpoint huggingface_hub's update_repo_settings uses.
      const res = await this.#fetch(`${this.#hubUrl}/api/models/${id}/settings`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ private: isPrivate }),
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new HubApiError(res.url, res.status);
      }
      await res.body?.cancel().catch(() => undefined);
    });
  }

  async makePublic(repo: RepoName): Promise<void> {
    checkRepoName(repo);
    await this.#setPrivate(repo, false, `make ${repoId(repo)} public`);
  }

  /** Creates the repo private; an existing one is reused and made private again (as upstream does). */
  async #ensurePrivateRepo(repo: RepoName, what: string): Promise<void> {
    const id = repoId(repo);
    const token = this.#writeToken(what);
    try {
      await createRepo({ repo: id, visibility: 'private', hubUrl: this.#hubUrl, fetch: this.#fetch, accessToken: token });
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 409) throw translateHubError(e, { what, repo: id }, token);
      await this.#setPrivate(repo, true, what);
    }
  }

  async #tip(id: string, what: string): Promise<string> {
    const info = await this.#call(what, id, this.#branch, () => modelInfo({ name: id, revision: this.#branch, additionalFields: ['sha'], ...this.#client() }));
    const sha = (info as { sha?: string }).sha;
    if (typeof sha !== 'string') throw new NaschainError('NETWORK', `${what}: the Hub gave no commit sha for ${id}@${this.#branch}`);
    return sha;
  }

  async upload(dir: string, repo: RepoName, options: UploadOptions = {}): Promise<UploadResult> {
    checkRepoName(repo);
    const id = repoId(repo);
    const what = `upload to ${id}`;
    const { hash, files } = await hashModelDirDetailed(dir);
    const contents = new Map<string, Uint8Array<ArrayBuffer>>();
    for (const f of files) contents.set(f, new Uint8Array(await readFile(join(dir, ...f.split('/')))));
    if (options.card) contents.set(MODEL_CARD_FILE, new TextEncoder().encode(renderModelCard(options.card)));
    else {
      const local = await readFile(join(dir, MODEL_CARD_FILE)).catch(() => undefined);
      if (local) contents.set(MODEL_CARD_FILE, new Uint8Array(local));
    }
    // Validators size the whole repo before downloading; refuse early what they would reject.
    const bytes = [...contents.values()].reduce((n, b) => n + b.length, 0);
    if (bytes > this.#maxBytes) throw new NaschainError('LIMIT', `${what}: ${dir} holds ${bytes} bytes, over the download limit of ${this.#maxBytes} validators apply; not uploaded`);
    await this.#ensurePrivateRepo(repo, what);
    const title = options.commitTitle ?? `naschain model ${hash}`;
    for (let attempt = 0; ; attempt++) {
      const parent = await this.#tip(id, what);
      try {
        // Files of an earlier upload that this one lacks are deleted in the same commit, so that the
        // commit holds exactly this model and a validator's hash equals ours.
        const listing = await this.list({ ...repo, commit: parent });
        const stale = listing.files.map((f) => f.path).filter((p) => !contents.has(p) && p !== '.gitattributes');
        // The branch holds exactly these files already (an upload whose submit was killed before it
        // saved its state): that commit is the upload; a second, empty one would be a step done twice.
        if (stale.length === 0 && treeMatches(listing, contents)) return { ref: { ...repo, commit: parent }, hash, files: [...contents.keys()] };
        const operations: CommitOperation[] = [
          ...[...contents].map(([path, bytes]): CommitOperation => ({ operation: 'addOrUpdate', path, content: new Blob([bytes]) })),
          ...stale.map((path): CommitOperation => ({ operation: 'delete', path })),
        ];
        const out = await commit({ repo: id, operations, title, branch: this.#branch, parentCommit: parent, ...this.#client() });
        const oid = out?.commit.oid;
        if (!oid) throw new NaschainError('NETWORK', `${what}: the Hub returned no commit sha`);
        return { ref: checkModelRef({ ...repo, commit: oid }), hash, files: [...contents.keys()] };
      } catch (e) {
        // Only the commit POST reaches here unretried: a 5xx from it, or a dropped connection (undici's "fetch failed").
        const ambiguous = (e instanceof HubApiError && e.statusCode >= 500 && isCommitRequest(e.url, 'POST')) || (e instanceof TypeError && e.message === 'fetch failed');
        if (!ambiguous) throw translateHubError(e, { what, repo: id, revision: this.#branch }, this.#token);
        // The commit may have landed before the error: if the tip moved to a tree equal to ours, that is our commit.
        const now = await this.#tip(id, what);
        if (now !== parent) {
          if (treeMatches(await this.list({ ...repo, commit: now }), contents)) return { ref: { ...repo, commit: now }, hash, files: [...contents.keys()] };
          throw new NaschainError('INVALID', `${what}: branch ${this.#branch} moved to ${now} during a failed commit, and not to our files; upload again`);
        }
        if (attempt >= this.#retry.maxRetries) throw translateHubError(e, { what, repo: id, revision: this.#branch }, this.#token);
        await this.#retry.sleep(Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** attempt + this.#retry.rng.next() * this.#retry.jitterMs));
      }
    }
  }

  async list(ref: ModelRef): Promise<RepoListing> {
    checkModelRef(ref);
    const id = repoId(ref);
    const what = `list ${id}@${ref.commit}`;
    return this.#call(what, id, ref.commit, async () => {
      const files: RepoFile[] = [];
      let entries = 0;
      for await (const e of listFiles({ repo: id, revision: ref.commit, recursive: true, ...this.#client() })) {
        if (++entries > MAX_LISTED_FILES) throw new NaschainError('LIMIT', `${what}: the repo lists more than ${MAX_LISTED_FILES} entries; a model is a handful of files, not listed further`);
        if (e.type !== 'file') continue;
        checkRepoPath(e.path, what);
        const size = e.lfs?.size ?? e.size;
        if (!(Number.isInteger(size) && size >= 0)) throw new NaschainError('CORRUPT', `${what}: ${e.path} has size ${String(size)}`);
        files.push({ path: e.path, size, blobId: e.oid ?? '', ...(e.lfs ? { lfsSha256: e.lfs.oid } : {}) });
      }
      return { ref, files, totalBytes: files.reduce((s, f) => s + f.size, 0) };
    });
  }

  async fetch(ref: ModelRef, options: FetchOptions = {}): Promise<FetchedModel> {
    checkModelRef(ref);
    const id = repoId(ref);
    const label = `${id}@${ref.commit}`;
    const maxBytes = options.maxBytes ?? this.#maxBytes;
    if (!this.#swept) {
      this.#swept = true;
      await sweepStaleTemps(this.#cacheDir, this.#tempGraceMs);
    }
    let cached = await isCached(this.#cacheDir, ref);
    let totalBytes: number;
    if (cached) {
      totalBytes = await this.#cachedTotal(ref);
      // A cache filled under a larger limit must not let a model past a smaller one.
      if (totalBytes > maxBytes) throw new NaschainError('LIMIT', `${label}: repo holds ${totalBytes} bytes (as listed when cached), over the limit of ${maxBytes}`);
    } else {
      const listing = await this.list(ref);
      totalBytes = listing.totalBytes;
      if (totalBytes > maxBytes) throw new NaschainError('LIMIT', `${label}: repo holds ${totalBytes} bytes, over the limit of ${maxBytes}; not downloaded`);
      const byPath = new Map(listing.files.map((f) => [f.path, f]));
      const manifest = byPath.get('model.json');
      if (!manifest) throw new NaschainError('NOT_FOUND', `${label}: no model.json at the repo root`);
      await populateAtomically(this.#cacheDir, ref, async (temp) => {
        await this.#downloadOne(ref, manifest, temp, label);
        const shards = shardPathsOf(await readFile(join(temp, 'model.json'), 'utf8'), label);
        if (1 + shards.length > this.#maxFiles) throw new NaschainError('LIMIT', `${label}: model.json names ${shards.length} weight files; at most ${this.#maxFiles - 1} are downloaded`);
        for (const path of shards) {
          const f = byPath.get(path);
          if (!f) throw new NaschainError('NOT_FOUND', `${label}: model.json names weight file ${path}, which the repo does not hold at this commit`);
          await this.#downloadOne(ref, f, temp, label);
        }
        // Remembered for cache hits: the size check's total covers files we did not download.
        await writeFile(join(temp, '.naschain-listing.json'), JSON.stringify({ totalBytes }));
      });
      cached = false;
    }
    const dir = cacheEntryDir(this.#cacheDir, ref);
    const { hash } = await hashModelDirDetailed(dir);
    if (options.expectedHash !== undefined && hash !== options.expectedHash) {
      throw new NaschainError('CORRUPT', `${label}: model hash ${hash} differs from the committed ${options.expectedHash}`);
    }
    return { ref, dir, hash, totalBytes, cached };
  }

  async #cachedTotal(ref: ModelRef): Promise<number> {
    try {
      const raw = JSON.parse(await readFile(join(cacheEntryDir(this.#cacheDir, ref), '.naschain-listing.json'), 'utf8')) as { totalBytes?: unknown };
      if (typeof raw.totalBytes === 'number') return raw.totalBytes;
    } catch {
      // fall through: an entry without its note is re-listed
    }
    return (await this.list(ref)).totalBytes;
  }

  async #downloadOne(ref: ModelRef, f: RepoFile, temp: string, label: string): Promise<void> {
    const id = repoId(ref);
    const info = await this.#call(`download ${f.path} of ${label}`, id, ref.commit, () => fileDownloadInfo({ repo: id, path: f.path, revision: ref.commit, ...this.#client() }));
    if (!info) throw new NaschainError('NOT_FOUND', `${label}: ${f.path} is listed but not served`);
    if (info.size !== f.size) throw new NaschainError('CORRUPT', `${label}: ${f.path} is served as ${info.size} bytes, listed as ${f.size}`);
    const parts = f.path.split('/');
    await mkdir(join(temp, ...parts.slice(0, -1)), { recursive: true });
    // The token goes only to the Hub itself; a CDN gets a signed URL and no credentials.
    const sameOrigin = new URL(info.url).origin === new URL(this.#hubUrl).origin;
    const headers: Record<string, string> = sameOrigin && this.#token ? { Authorization: `Bearer ${this.#token}` } : {};
    const policy = {
      timeoutMs: this.#timeoutMs,
      maxRetries: this.#retry.maxRetries,
      backoff: (attempt: number) => this.#retry.sleep(Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1) + this.#retry.rng.next() * this.#retry.jitterMs)),
    };
    await this.#call(`download ${f.path} of ${label}`, id, ref.commit, () => downloadCapped(this.#fetch, info.url, headers, f, join(temp, ...parts), label, policy));
  }
}

/** Every file of `contents` is in the listing with the same size and git/LFS id. */
function treeMatches(listing: RepoListing, contents: Map<string, Uint8Array>): boolean {
  const byPath = new Map(listing.files.map((f) => [f.path, f]));
  for (const [path, bytes] of contents) {
    const f = byPath.get(path);
    if (!f || f.size !== bytes.length) return false;
    const ok = f.lfsSha256 !== undefined ? createHash('sha256').update(bytes).digest('hex') === f.lfsSha256 : gitBlobId(bytes) === f.blobId;
    if (!ok) return false;
  }
  return true;
}
