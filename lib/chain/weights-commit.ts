// Commit-reveal of weights: the commit hash the runtime recomputes at reveal
// (BlakeTwo256 of the SCALE tuple (hotkey, netuid, uids, values, salt,
// version_key), as SubtensorModule::get_commit_hash and bittensor's
// generate_weight_hash build it), and the on-disk list of commits still to be
// revealed, so a restarted validator can still reveal. An entry is saved before
// its commit is sent (the salt is the one secret needed to finish). The file is replaced
// atomically (write, fsync, rename) and is private to the user (salts).
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { compactToU8a, u8aConcat } from '@polkadot/util';
import { NaschainError, invalid } from '../core/errors.js';

function u16le(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw invalid('u16 value', v, 'an integer in [0, 65535]');
  return new Uint8Array([v & 0xff, v >> 8]);
}

function vecU16(values: readonly number[]): Uint8Array {
  return u8aConcat(compactToU8a(values.length), ...values.map(u16le));
}

function u64le(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 64n) throw invalid('u64 value', v.toString(), 'an integer in [0, 2^64)');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

/** The hash commit_weights sends and reveal_weights must reproduce. */
export function weightsCommitHash(hotkey: string, netuid: number, uids: readonly number[], values: readonly number[], salt: readonly number[], versionKey: bigint): string {
  const data = u8aConcat(decodeAddress(hotkey), u16le(netuid), vecU16(uids), vecU16(values), vecU16(salt), u64le(versionKey));
  return blake2AsHex(data, 256);
}

/**
 * A fresh salt of 8 u16 values. Deliberately from the OS CSPRNG, not from a
 * seeded Rng: the salt is what hides the weights until reveal, so it must not
 * be reproducible from a public seed.
 */
export function freshSalt(): number[] {
  const b = randomBytes(16);
  return Array.from({ length: 8 }, (_, i) => b.readUInt16LE(2 * i));
}

/** One commit waiting for its reveal epoch. */
export interface PendingReveal {
  netuid: number;
  hotkey: string;
  uids: number[];
  weights: number[];
  salt: number[];
  /** Decimal string: u64 does not fit a JSON number. */
  versionKey: string;
  commitHash: string;
  /** Block the commit landed in; 0 while unknown (saved before sending, answer not yet seen). */
  commitBlock: number;
  /** Best block when the commit was sent (absent in files written before it was saved first). */
  sentBlock?: number;
}

interface RevealFile {
  kind: 'naschain.pending-reveals';
  version: 1;
  reveals: PendingReveal[];
}

/** The pending-reveals file (e.g. ~/.naschain/pending-reveals.json). */
export class RevealStore {
  constructor(readonly file: string) {}

  list(): PendingReveal[] {
    if (!existsSync(this.file)) return [];
    let doc: RevealFile;
    try {
      doc = JSON.parse(readFileSync(this.file, 'utf8')) as RevealFile;
    } catch (e) {
      throw new NaschainError('CORRUPT', `pending reveals file ${this.file} is not valid JSON: ${String(e)}`);
    }
    if (doc.kind !== 'naschain.pending-reveals' || doc.version !== 1 || !Array.isArray(doc.reveals)) {
      throw new NaschainError('CORRUPT', `pending reveals file ${this.file} has kind ${JSON.stringify(doc.kind)} version ${JSON.stringify(doc.version)}, expected naschain.pending-reveals version 1`);
    }
    return doc.reveals;
  }

  add(r: PendingReveal): void {
    this.write([...this.list(), r]);
  }

  update(commitHash: string, patch: Partial<Pick<PendingReveal, 'commitBlock'>>): void {
    this.write(this.list().map((r) => (r.commitHash === commitHash ? { ...r, ...patch } : r)));
  }

  remove(commitHash: string): void {
    this.write(this.list().filter((r) => r.commitHash !== commitHash));
  }

  private write(reveals: PendingReveal[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const doc: RevealFile = { kind: 'naschain.pending-reveals', version: 1, reveals };
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(doc, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
