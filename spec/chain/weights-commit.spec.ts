import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypeRegistry } from '@polkadot/types';
import { blake2AsHex } from '@polkadot/util-crypto';
import { RevealStore, freshSalt, weightsCommitHash, type PendingReveal } from '../../lib/chain/weights-commit.js';

const WHO = '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV';

test('the commit hash is blake2-256 of the SCALE tuple (who, netuid, uids, values, salt, version_key)', () => {
  const registry = new TypeRegistry();
  const uids = [0, 3, 300];
  const values = [65535, 1, 40000];
  const salt = [1, 2, 3, 4, 5, 6, 7, 65535];
  const tuple = registry.createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [WHO, 31, uids, values, salt, 2012n]);
  assert.equal(weightsCommitHash(WHO, 31, uids, values, salt, 2012n), blake2AsHex(tuple.toU8a(), 256));
  assert.notEqual(weightsCommitHash(WHO, 31, uids, values, salt, 2013n), weightsCommitHash(WHO, 31, uids, values, salt, 2012n));
});

test('out-of-range values are refused', () => {
  assert.throws(() => weightsCommitHash(WHO, 31, [70000], [1], [1], 0n), /u16 value: got 70000/);
  assert.throws(() => weightsCommitHash(WHO, 31, [1], [1], [1], -1n), /u64 value/);
});

test('a fresh salt is 8 u16 values', () => {
  const s = freshSalt();
  assert.equal(s.length, 8);
  assert.ok(s.every((v) => Number.isInteger(v) && v >= 0 && v <= 65535));
});

const reveal = (hash: string): PendingReveal => ({ netuid: 31, hotkey: WHO, uids: [0], weights: [1], salt: [9], versionKey: '18446744073709551615', commitHash: hash, commitBlock: 12 });

test('pending reveals round-trip through a private file, replaced atomically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naschain-reveals-'));
  const file = join(dir, 'sub', 'pending-reveals.json');
  const store = new RevealStore(file);
  assert.deepEqual(store.list(), []);
  store.add(reveal('0x01'));
  store.add(reveal('0x02'));
  assert.deepEqual(new RevealStore(file).list(), [reveal('0x01'), reveal('0x02')]);
  store.remove('0x01');
  assert.deepEqual(store.list(), [reveal('0x02')]);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['pending-reveals.json'], 'no temp file is left behind');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).kind, 'naschain.pending-reveals');
});

test('a file of another kind or version is refused, not overwritten', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'naschain-reveals-')), 'r.json');
  writeFileSync(file, JSON.stringify({ kind: 'something-else', version: 1, reveals: [] }));
  assert.throws(() => new RevealStore(file).list(), /kind "something-else" version 1, expected naschain.pending-reveals version 1/);
  writeFileSync(file, '{');
  assert.throws(() => new RevealStore(file).list(), /not valid JSON/);
});
