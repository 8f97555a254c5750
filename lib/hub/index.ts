// The hub layer's public surface: the ModelStore seam, its Hugging Face
// implementation and the model hash (the hf:// loader is lib/model/load/hf-route.ts).
export type { FetchedModel, FetchOptions, ModelStore, RepoFile, RepoListing, UploadOptions, UploadResult } from './model-store.js';
export { HfModelStore, type HfModelStoreOptions } from './hf-model-store.js';
export { hashModelDir, hashModelDirDetailed, isModelFile, listModelFiles, MODEL_CARD_FILE } from './model-hash.js';
export { renderModelCard, type ModelCard } from './model-card.js';
export { formatHfUrl, parseHfUrl, parseRepoId, repoId, type ModelRef, type RepoName } from './model-ref.js';
export { findHfToken, hfToken, hfTokenPath, tokenFromEnv } from './hf-token.js';
export { DEFAULT_RETRY, type RetryPolicy, type Sleep } from './retrying-fetch.js';
