// Names of what the store keeps: a repo (namespace/name) and a model pinned to
// a commit, with the hf://namespace/name@commit form the tfjs loader takes.
import { invalid } from '../core/errors.js';

export interface RepoName {
  namespace: string;
  name: string;
}

export interface ModelRef extends RepoName {
  /** Full 40-hex git commit sha; a branch name is never accepted, so what is checked is what is loaded. */
  commit: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const COMMIT = /^[0-9a-f]{40}$/;

export function checkRepoName(repo: RepoName): RepoName {
  if (!NAME.test(repo.namespace) || repo.namespace.includes('..')) throw invalid('Hugging Face namespace', repo.namespace, 'letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (!NAME.test(repo.name) || repo.name.includes('..')) throw invalid('Hugging Face repo name', repo.name, 'letters, digits, ".", "_" or "-", starting with a letter or digit');
  return repo;
}

export function checkModelRef(ref: ModelRef): ModelRef {
  checkRepoName(ref);
  if (!COMMIT.test(ref.commit)) throw invalid(`commit of ${ref.namespace}/${ref.name}`, ref.commit, 'a full 40-character lowercase hex commit sha');
  return ref;
}

export function repoId(repo: RepoName): string {
  return `${repo.namespace}/${repo.name}`;
}

/** "namespace/name" -> RepoName. */
export function parseRepoId(text: string): RepoName {
  const parts = text.split('/');
  if (parts.length !== 2) throw invalid('Hugging Face repo', text, '"namespace/name"');
  return checkRepoName({ namespace: parts[0] as string, name: parts[1] as string });
}

export const HF_SCHEME = 'hf://';

export interface HfUrl {
  ref: ModelRef;
  /** Expected model hash from a `?hash=` query (percent-encoded base64), if any. */
  expectedHash?: string;
}

/** Parses hf://namespace/name@commit[?hash=<percent-encoded base64>]. */
export function parseHfUrl(url: string): HfUrl {
  if (!url.startsWith(HF_SCHEME)) throw invalid('model URL', url, 'hf://namespace/name@commit');
  const rest = url.slice(HF_SCHEME.length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const m = /^([^/@]+)\/([^/@]+)@([^/@]+)$/.exec(path);
  if (!m) throw invalid('model URL', url, 'hf://namespace/name@commit');
  const ref = checkModelRef({ namespace: m[1] as string, name: m[2] as string, commit: m[3] as string });
  let expectedHash: string | undefined;
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      // decodeURIComponent, not URLSearchParams: base64's "+" must stay a "+".
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      if (key === 'hash') expectedHash = value;
      else throw invalid(`model URL ${url} query`, key, '"hash"');
    }
  }
  return expectedHash === undefined ? { ref } : { ref, expectedHash };
}

export function formatHfUrl(ref: ModelRef, expectedHash?: string): string {
  const base = `${HF_SCHEME}${ref.namespace}/${ref.name}@${ref.commit}`;
  return expectedHash === undefined ? base : `${base}?hash=${encodeURIComponent(expectedHash)}`;
}
