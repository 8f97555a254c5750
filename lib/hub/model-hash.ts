// The model hash that a miner commits on chain and a validator recomputes,
// byte-compatible with upstream NASChain (model/storage/disk/utils.py,
// get_hash_of_directory at commit 7fbf78d): base64(sha256(concat of
// base64(sha256(file bytes)))) over the files in os.walk order with sorted
// dirnames and sorted filenames, i.e. at each folder its files in code-point
// order, then each sub-folder (code-point order) depth-first.
//
// Which files: upstream hashes the folder that hf_hub_download filled, which
// holds only the model files it fetched, never .gitattributes or the card. So
// we hash every regular file except the model card (README.md at the root),
// .gitattributes and hidden entries (any path segment starting with "."),
// which is what a tfjs folder's model.json plus weight shards leaves.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { shardPathsOf } from './model-files.js';

const MODEL_JSON = 'model.json';

/** The model card's name; excluded from the hash and from downloads. */
export const MODEL_CARD_FILE = 'README.md';

/** True for the repo-relative paths ("a/b.bin", "/" separated) that belong to the model and its hash. */
export function isModelFile(relPath: string): boolean {
  if (relPath === MODEL_CARD_FILE) return false;
  const parts = relPath.split('/');
  return parts.every((p) => p.length > 0 && !p.startsWith('.'));
}

/** Python's str ordering: by Unicode code point (JS's default sort compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = (ca[i] as string).codePointAt(0) as number;
    const y = (cb[i] as string).codePointAt(0) as number;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}

/**
 * The model files under dir, repo-relative with "/", in upstream's os.walk
 * order: model.json and exactly the shards its weightsManifest names, the set
 * a validator downloads (model-files.ts), so that the miner's hash of its
 * folder (which may also hold search's metrics.json) equals the validator's
 * hash of the download. A model.json that does not parse or names no shard keeps every file: the
 * model checks reject it later with their own reason.
 */
export async function listModelFiles(dir: string): Promise<string[]> {
  const all = await listAllModelFiles(dir);
  if (!all.includes(MODEL_JSON)) return all;
  let named: string[];
  try {
    named = shardPathsOf(await readFile(join(dir, MODEL_JSON), 'utf8'), `model folder ${dir}`);
  } catch {
    return all;
  }
  // A model.json without a weights manifest is no tfjs model: keep upstream's whole walk.
  return named.length === 0 ? all : all.filter((f) => f === MODEL_JSON || named.includes(f));
}

async function listAllModelFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function visit(abs: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      throw new NaschainError('NOT_FOUND', `model folder ${abs}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const files: string[] = [];
    const dirs: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) dirs.push(e.name);
      else if (e.isFile()) files.push(e.name);
      else if (e.isSymbolicLink()) {
        // os.walk lists a link to a file among the files and never descends into a linked folder.
        const target = await stat(join(abs, e.name)).catch(() => undefined);
        if (target?.isFile()) files.push(e.name);
      }
    }
    for (const f of files.sort(compareCodePoints)) {
      const r = rel ? `${rel}/${f}` : f;
      if (isModelFile(r)) out.push(r);
    }
    for (const d of dirs.sort(compareCodePoints)) {
      const r = rel ? `${rel}/${d}` : d;
      if (!d.startsWith('.')) await visit(join(abs, d), r);
    }
  }
  await visit(dir, '');
  return out;
}

/** base64(sha256(file bytes)), streamed. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('base64');
}

/** Upstream's hash of a model folder; also returns the files it covered, in order. */
export async function hashModelDirDetailed(dir: string): Promise<{ hash: string; files: string[] }> {
  const files = await listModelFiles(dir);
  if (files.length === 0) throw new NaschainError('NOT_FOUND', `model folder ${dir}: no model files in it (expected model.json and weight shards)`);
  const outer = createHash('sha256');
  for (const f of files) outer.update(await hashFile(join(dir, ...f.split('/'))), 'utf8');
  return { hash: outer.digest('base64'), files };
}

/** Upstream's hash of a model folder (model.json and weight shards; not README.md, .gitattributes or hidden files). */
export async function hashModelDir(dir: string): Promise<string> {
  return (await hashModelDirDetailed(dir)).hash;
}
