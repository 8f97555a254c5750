// Reads a model's weight shards into one buffer, after checking on disk that
// each is a regular file in the folder and that each group's shards hold
// exactly the bytes its weights need: no missing and no extra bytes.
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../../core/errors.js';
import { fail, type LoadFailure } from './load-failure.js';
import type { CheckedGroup } from './weights-manifest.js';

export function readWeightShards(dir: string, groups: readonly CheckedGroup[], where: string): { ok: true; data: ArrayBuffer } | LoadFailure {
  const sizes: number[][] = [];
  let total = 0;
  for (const [g, group] of groups.entries()) {
    const groupSizes: number[] = [];
    for (const file of group.files) {
      const path = join(dir, file);
      try {
        const st = lstatSync(path);
        // Symlinks are refused: the target could be any file of the validator's disk.
        if (!st.isFile()) return fail('missing-shard', `${where}: weight shard ${JSON.stringify(file)} is not a regular file, expected one in the model folder`);
        groupSizes.push(st.size);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return fail('missing-shard', `${where}: weight shard ${JSON.stringify(file)} does not exist, expected it in the model folder`);
        throw new NaschainError('INTERNAL', `${path}: cannot stat it (${code ?? String(e)})`, { cause: e });
      }
    }
    const held = groupSizes.reduce((a, b) => a + b, 0);
    if (held !== group.bytes) {
      return fail('shard-size-mismatch', `${where}: weightsManifest[${g}] shards (${group.files.join(', ') || 'none'}) hold ${held} bytes, expected exactly ${group.bytes} for its weights`);
    }
    sizes.push(groupSizes);
    total += held;
  }
  const data = new ArrayBuffer(total);
  const bytes = new Uint8Array(data);
  let offset = 0;
  for (const [g, group] of groups.entries()) {
    for (const [f, file] of group.files.entries()) {
      const size = sizes[g]?.[f] ?? 0;
      const got = readExactly(join(dir, file), bytes, offset, size);
      if (got !== size) {
        return fail('shard-size-mismatch', `${where}: weight shard ${JSON.stringify(file)} changed size while read (${got} bytes), expected ${size}`);
      }
      offset += size;
    }
  }
  return { ok: true, data };
}

/** Reads `size` bytes into `into` at `offset`; returns what the file really held (size+1 when it has more). */
function readExactly(path: string, into: Uint8Array, offset: number, size: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new NaschainError('INTERNAL', `${path}: cannot open it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  try {
    let done = 0;
    while (done < size) {
      const n = readSync(fd, into, offset + done, size - done, null);
      if (n === 0) return done;
      done += n;
    }
    return readSync(fd, new Uint8Array(1), 0, 1, null) === 0 ? done : done + 1;
  } finally {
    closeSync(fd);
  }
}
