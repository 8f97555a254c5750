// A small streaming reader of tar archives (POSIX ustar, with GNU long names
// and pax path records) behind node:zlib's gunzip: enough to unpack the
// official CIFAR archives without a dependency. Only members the caller
// picks are written, each to a .part file renamed into place when complete.
import { createReadStream, closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { NaschainError } from '../core/errors.js';

const BLOCK = 512;

function octal(h: Uint8Array, at: number, len: number): number {
  if (((h[at] as number) & 0x80) !== 0) {
    // GNU base-256 for sizes of 8 GiB and more.
    let v = 0;
    for (let i = 1; i < len; i++) v = v * 256 + (h[at + i] as number);
    return v;
  }
  const s = Buffer.from(h.subarray(at, at + len)).toString('latin1').replace(/\0.*$/s, '').trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function text(h: Uint8Array, at: number, len: number): string {
  const end = h.subarray(at, at + len).indexOf(0);
  return Buffer.from(h.subarray(at, end < 0 ? at + len : at + end)).toString('utf8');
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
  return sum === octal(h, 148, 8);
}

function paxPath(data: Uint8Array): string | undefined {
  const s = Buffer.from(data).toString('utf8');
  let path: string | undefined;
  for (let i = 0; i < s.length;) {
    const sp = s.indexOf(' ', i);
    const len = parseInt(s.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = s.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') path = rec.slice(eq + 1);
    i += len;
  }
  return path;
}

/**
 * Unpacks a .tar.gz file: for each regular member, `pick(name)` returns the
 * destination path or undefined to skip it. Returns the member names written.
 * Throws CORRUPT naming the archive for bad gzip, bad headers or truncation.
 */
export async function extractTarGz(archive: string, pick: (name: string) => string | undefined): Promise<string[]> {
  const written: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let state = 'header' as 'header' | 'data' | 'end';
  let remaining = 0, padding = 0;
  let name = '', longName: string | undefined, kind = '';
  let fd: number | undefined, dest = '';
  let meta: Buffer[] = [];
  const fail = (what: string) => new NaschainError('CORRUPT', `${archive}: ${what}, expected a complete tar.gz archive`);
  const finishMember = () => {
    if (fd !== undefined) {
      closeSync(fd);
      fd = undefined;
      renameSync(`${dest}.part`, dest);
      written.push(name);
    } else if (kind === 'L') {
      const all = Buffer.concat(meta);
      longName = text(all, 0, all.length);
    } else if (kind === 'x') {
      longName = paxPath(Buffer.concat(meta)) ?? longName;
    }
    meta = [];
  };
  try {
    const source = createReadStream(archive);
    const gunzip = createGunzip();
    source.on('error', (e) => gunzip.destroy(e));
    source.pipe(gunzip);
    // Read to the end even after the end-of-archive blocks, so that gunzip checks its CRC and length.
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (state === 'end') continue;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      while ((state as string) !== 'end') {
        if (state === 'header') {
          if (padding > 0) {
            const skip = Math.min(padding, pending.length - at);
            at += skip;
            padding -= skip;
            if (padding > 0) break;
          }
          if (pending.length - at < BLOCK) break;
          const h = pending.subarray(at, at + BLOCK);
          at += BLOCK;
          if (h.every((b) => b === 0)) { state = 'end'; break; }
          if (!checksumOk(h)) throw fail(`bad tar header checksum at member after ${JSON.stringify(name)}`);
          const prefix = text(h, 257, 6).startsWith('ustar') ? text(h, 345, 155) : '';
          name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
          longName = undefined;
          kind = String.fromCharCode(h[156] as number);
          remaining = octal(h, 124, 12);
          padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
          if (kind === '0' || kind === '\0' || kind === '7') {
            const target = pick(name.replace(/^\.\//, ''));
            if (target !== undefined) {
              dest = target;
              fd = openSync(`${dest}.part`, 'w');
            }
          }
          state = 'data';
        }
        if (state === 'data') {
          const take = Math.min(remaining, pending.length - at);
          const piece = pending.subarray(at, at + take);
          if (fd !== undefined) writeSync(fd, piece);
          else if (kind === 'L' || kind === 'x') meta.push(Buffer.from(piece));
          at += take;
          remaining -= take;
          if (remaining > 0) break;
          finishMember();
          state = 'header';
        }
      }
      pending = pending.subarray(at);
    }
    if (state !== 'end' && (state === 'data' || padding > 0 || pending.length > 0)) throw fail(`archive ends inside member ${JSON.stringify(name)}`);
    return written;
  } catch (e) {
    if (fd !== undefined) { closeSync(fd); rmSync(`${dest}.part`, { force: true }); }
    if (e instanceof NaschainError) throw e;
    throw fail(`cannot unpack it (${(e as Error).message})`);
  }
}
