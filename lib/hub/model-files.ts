// Which files of a repo a validator downloads: model.json and exactly the
// weight shards its weightsManifest names (tfjs resolves them relative to
// model.json, here the repo root), nothing else, so a repo padded with extra
// files costs no downloads; and the check that a repo path is a plain relative
// path before anything is written under the cache.
import { describe, NaschainError } from '../core/errors.js';

/** A repo path we will write under the cache: no absolute paths, "..", empty or odd segments. */
export function checkRepoPath(path: string, label: string): void {
  const parts = path.split('/');
  const bad = path.includes('\\') || path.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..');
  if (bad) throw new NaschainError('CORRUPT', `${label}: repo path ${describe(path)} is not a plain relative path`);
}

/** The shard paths model.json names, in manifest order, without repeats; throws CORRUPT on a malformed manifest. */
export function shardPathsOf(modelJson: string, label: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(modelJson);
  } catch {
    throw new NaschainError('CORRUPT', `${label}: model.json is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new NaschainError('CORRUPT', `${label}: model.json holds ${describe(doc)}, expected a JSON object`);
  const manifest = (doc as { weightsManifest?: unknown }).weightsManifest;
  if (manifest === undefined) return [];
  if (!Array.isArray(manifest)) throw new NaschainError('CORRUPT', `${label}: model.json weightsManifest is ${describe(manifest)}, expected a list of weight groups`);
  const out: string[] = [];
  for (const [i, group] of manifest.entries()) {
    const paths = (group as { paths?: unknown } | null)?.paths;
    if (!Array.isArray(paths)) throw new NaschainError('CORRUPT', `${label}: model.json weightsManifest[${i}].paths is ${describe(paths)}, expected a list of file names`);
    for (const p of paths) {
      if (typeof p !== 'string') throw new NaschainError('CORRUPT', `${label}: model.json weightsManifest[${i}] names ${describe(p)}, expected a file name`);
      const path = p.replace(/^(\.\/)+/, '');
      checkRepoPath(path, `${label}: model.json weightsManifest[${i}]`);
      if (!out.includes(path)) out.push(path);
    }
  }
  return out;
}
