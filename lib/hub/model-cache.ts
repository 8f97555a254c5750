// The local cache of fetched models, keyed by repo and commit so that a model is
// downloaded once: <root>/<namespace>/<name>/<commit>/. An entry appears only by
// an atomic rename of a finished, verified temp folder, so a folder that exists
// is complete; temp folders live under <root>/.tmp on the same file system.
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelRef } from './model-ref.js';

export function cacheEntryDir(root: string, ref: ModelRef): string {
  return join(root, ref.namespace, ref.name, ref.commit);
}

export async function isCached(root: string, ref: ModelRef): Promise<boolean> {
  return stat(cacheEntryDir(root, ref)).then((s) => s.isDirectory(), () => false);
}

/** Fills a temp folder with fill(); on success renames it into place, on failure removes it. */
export async function populateAtomically(root: string, ref: ModelRef, fill: (tempDir: string) => Promise<void>): Promise<string> {
  const tmpRoot = join(root, '.tmp');
  await mkdir(tmpRoot, { recursive: true });
  const temp = await mkdtemp(join(tmpRoot, `${ref.namespace}--${ref.name}--${ref.commit.slice(0, 12)}-`));
  const final = cacheEntryDir(root, ref);
  try {
    await fill(temp);
    await mkdir(join(root, ref.namespace, ref.name), { recursive: true });
    try {
      await rename(temp, final);
    } catch (e) {
      // Another process finished the same commit first: theirs is as good as ours.
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await isCached(root, ref))) await rm(temp, { recursive: true, force: true });
      else throw e;
    }
    return final;
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
}
