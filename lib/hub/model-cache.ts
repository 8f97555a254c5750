// The local cache of fetched models, keyed by repo and commit so that a model is
// downloaded once: <root>/<namespace>/<name>/<commit>/. An entry appears only by
// an atomic rename of a finished, verified temp folder, so a folder that exists
// is complete; temp folders live under <root>/.tmp on the same file system.
// A killed download leaves its temp folder behind: sweepStaleTemps removes a
// temp folder whose owner process (pid and host in its name) is gone, and any
// temp folder older than a grace period whatever its name says (a pid can be
// reused, and another host's pid cannot be checked).
import { hostname } from 'node:os';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelRef } from './model-ref.js';

/** Temp folders older than this are removed even when their owner looks alive (each file's download has a deadline well under it). */
export const TEMP_GRACE_MS = 60 * 60 * 1000;

/** A short, file-name-safe tag of this host, so a pid is only checked on the host that wrote it. */
const HOST = hostname().replace(/[^A-Za-z0-9]/g, '').slice(0, 24) || 'host';

export function cacheEntryDir(root: string, ref: ModelRef): string {
  return join(root, ref.namespace, ref.name, ref.commit);
}

export async function isCached(root: string, ref: ModelRef): Promise<boolean> {
  return stat(cacheEntryDir(root, ref)).then((s) => s.isDirectory(), () => false);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SweepResult {
  /** Folder names removed, each with why: 'owner-gone' or 'older-than-grace'. */
  removed: Array<{ name: string; why: 'owner-gone' | 'older-than-grace' }>;
  kept: string[];
}

/** Removes temp folders left by killed downloads (see the head comment for which). */
export async function sweepStaleTemps(root: string, graceMs = TEMP_GRACE_MS, now = Date.now()): Promise<SweepResult> {
  const tmpRoot = join(root, '.tmp');
  const out: SweepResult = { removed: [], kept: [] };
  const names = await readdir(tmpRoot).catch(() => [] as string[]);
  for (const name of names) {
    const m = /-p(\d+)@([A-Za-z0-9]+)-[^-]*$/.exec(name);
    const pid = m ? Number(m[1]) : undefined;
    const ownerGone = pid !== undefined && m?.[2] === HOST && pid !== process.pid && !processAlive(pid);
    const st = await stat(join(tmpRoot, name)).catch(() => undefined);
    if (!st) continue;
    const old = now - st.mtimeMs > graceMs;
    if (ownerGone || old) {
      await rm(join(tmpRoot, name), { recursive: true, force: true });
      out.removed.push({ name, why: ownerGone ? 'owner-gone' : 'older-than-grace' });
    } else out.kept.push(name);
  }
  return out;
}

/** Fills a temp folder with fill(); on success renames it into place, on failure removes it. */
export async function populateAtomically(root: string, ref: ModelRef, fill: (tempDir: string) => Promise<void>): Promise<string> {
  const tmpRoot = join(root, '.tmp');
  await mkdir(tmpRoot, { recursive: true });
  const temp = await mkdtemp(join(tmpRoot, `${ref.namespace}--${ref.name}--${ref.commit.slice(0, 12)}-p${process.pid}@${HOST}-`));
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
