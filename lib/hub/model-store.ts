// The seam between naschain and wherever models are stored. The miner uploads
// through it, the validator sizes and fetches through it; neither sees HTTP.
// HfModelStore (hf-model-store.ts) is the Hugging Face implementation.
import type { ModelCard } from './model-card.js';
import type { ModelRef, RepoName } from './model-ref.js';

export interface UploadOptions {
  /** Written as README.md in the same commit (replaces any README.md in the folder). */
  card?: ModelCard;
  commitTitle?: string;
}

export interface UploadResult {
  ref: ModelRef;
  /** hashModelDir of the uploaded folder: the value the miner commits on chain. */
  hash: string;
  /** Repo paths in the commit, model files first in hash order, then the card. */
  files: string[];
}

export interface RepoFile {
  path: string;
  /** Real size; an LFS file counts its content, not its pointer. */
  size: number;
  /** sha256 hex of the content for LFS files. */
  lfsSha256?: string;
  /** Git blob sha1 of what git stores (the pointer for LFS files). */
  blobId: string;
}

export interface RepoListing {
  ref: ModelRef;
  files: RepoFile[];
  totalBytes: number;
}

export interface FetchOptions {
  /** Overrides the store's limit (ValiConfig.maxDownloadBytes). */
  maxBytes?: number;
  /** When given, a different hash rejects the model (CORRUPT). */
  expectedHash?: string;
}

export interface FetchedModel {
  ref: ModelRef;
  /** Local folder (the cache entry) holding the model files. */
  dir: string;
  hash: string;
  /** Sum over every file of the repo at the commit, as the size check saw it. */
  totalBytes: number;
  /** True when the cache already had it and nothing was downloaded. */
  cached: boolean;
}

export interface ModelStore {
  /** Creates the repo private when missing, uploads the folder as one commit (none when the branch holds exactly these files already), returns the commit and hash. */
  upload(dir: string, repo: RepoName, options?: UploadOptions): Promise<UploadResult>;
  /** Makes the repo public (after the chain commitment fixes who was first). */
  makePublic(repo: RepoName): Promise<void>;
  /** Every file of the repo at the pinned commit with its real size; downloads nothing. */
  list(ref: ModelRef): Promise<RepoListing>;
  /** Size check, capped download at the pinned commit into the cache, hash (and its check). */
  fetch(ref: ModelRef, options?: FetchOptions): Promise<FetchedModel>;
}
