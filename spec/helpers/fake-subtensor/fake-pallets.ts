// What the stand-in node's runtime does with the calls naschain sends:
// Commitments.set_commitment and SubtensorModule.set_weights / commit_weights /
// reveal_weights, with the checks and error names of pallet_commitments and
// pallet_subtensor (weights.rs) of the runtimes whose metadata we load
// (epoch index from the block number, as spec 381-393 compute it).
// The stake check of set_weights / commit_weights is simplified: the runtime
// sums a hotkey's TAO and alpha stake weight; here TotalHotkeyAlpha(hotkey,
// netuid) alone is compared with StakeThreshold (0, the default, turns it off).
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Codec } from '@polkadot/types/types';
import { ModuleError, type EventSpec, type FakeChain } from './fake-chain.js';

const ST = 'subtensorModule';
const fail = (pallet: string, error: string): never => { throw new ModuleError(pallet, error); };
const ensure = (ok: boolean, pallet: string, error: string) => { if (!ok) fail(pallet, error); };

export function epochOf(chain: FakeChain, netuid: number, block: number): number {
  const tempo = chain.getNum(ST, 'tempo', [netuid]);
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

function uidOf(chain: FakeChain, netuid: number, who: string): number | null {
  const v = chain.get(ST, 'uids', [netuid, who]);
  return v === null ? null : Number((v as unknown as { unwrap(): Codec }).unwrap?.()?.toString() ?? v.toString());
}

function lastUpdate(chain: FakeChain, netuid: number): number[] {
  return (chain.get(ST, 'lastUpdate', [netuid])!.toJSON() as Array<number | string>).map(Number);
}

function setLastUpdate(chain: FakeChain, netuid: number, uid: number, block: number): void {
  const row = lastUpdate(chain, netuid);
  while (row.length <= uid) row.push(0);
  row[uid] = block;
  chain.put(ST, 'lastUpdate', [netuid], row);
}

/** check_weights_min_stake: NotEnoughStakeToSetWeights below StakeThreshold. */
function ensureMinStake(chain: FakeChain, netuid: number, who: string): void {
  const threshold = BigInt(chain.get(ST, 'stakeThreshold', [])!.toString());
  if (threshold === 0n) return;
  const stake = BigInt(chain.get(ST, 'totalHotkeyAlpha', [who, netuid])!.toString());
  ensure(stake >= threshold, 'SubtensorModule', 'NotEnoughStakeToSetWeights');
}

function checkRateLimit(chain: FakeChain, netuid: number, uid: number, block: number): boolean {
  const last = lastUpdate(chain, netuid)[uid] ?? 0;
  if (last === 0) return true;
  return block - last >= chain.getNum(ST, 'weightsSetRateLimit', [netuid]);
}

/** Applies one decoded call signed by `who`; returns its events or throws ModuleError. */
export function applyCall(chain: FakeChain, who: string, section: string, method: string, args: Codec[]): EventSpec[] {
  const block = chain.pendingNumber;
  const a = (i: number) => args[i]!;
  const netuid = Number(a(0).toString());
  if (section === 'commitments' && method === 'setCommitment') return setCommitment(chain, who, netuid, a(1), block);
  if (section === ST && method === 'setWeights') {
    ensure(!chain.get(ST, 'commitRevealWeightsEnabled', [netuid])!.toJSON(), 'SubtensorModule', 'CommitRevealEnabled');
    return setWeights(chain, who, netuid, a(1).toJSON() as number[], a(2).toJSON() as number[], BigInt(a(3).toString()), block);
  }
  if (section === ST && method === 'commitWeights') return commitWeights(chain, who, netuid, a(1).toHex(), block);
  if (section === ST && method === 'revealWeights') {
    return revealWeights(chain, who, netuid, a(1), a(2), a(3), a(4), block);
  }
  throw new Error(`the stand-in node does not implement ${section}.${method}`);
}

function setCommitment(chain: FakeChain, who: string, netuid: number, info: Codec, block: number): EventSpec[] {
  // The runtime's CanCommit: the hotkey must be registered on the subnet.
  ensure(uidOf(chain, netuid, who) !== null, 'Commitments', 'AccountNotAllowedCommit');
  const fields = (info as unknown as { fields: Array<{ type: string; value: Codec }> }).fields;
  ensure(fields.length <= 3, 'Commitments', 'TooManyFieldsInCommitmentInfo');
  const len = (f: { type: string; value: Codec }) => (/^Raw\d+$/.test(f.type) || f.type === 'BigRaw' ? f.value.toU8a(true).length : f.type === 'None' ? 0 : 32);
  const required = Math.max(100, fields.reduce((s, f) => s + len(f), 0));
  const epoch = epochOf(chain, netuid, block);
  const usage = chain.get('commitments', 'usedSpaceOf', [netuid, who])?.toJSON() as { lastEpoch: number; usedSpace: number } | null;
  const used = usage && Number(usage.lastEpoch) === epoch ? Number(usage.usedSpace) : 0;
  ensure(used + required <= chain.getNum('commitments', 'maxSpace', []), 'Commitments', 'SpaceLimitExceeded');
  chain.put('commitments', 'usedSpaceOf', [netuid, who], { lastEpoch: epoch, usedSpace: used + required });
  chain.put('commitments', 'commitmentOf', [netuid, who], { deposit: 0, block, info });
  chain.put('commitments', 'lastCommitment', [netuid, who], block);
  return [{ pallet: 'Commitments', name: 'Commitment', fields: [netuid, who] }];
}

function setWeights(chain: FakeChain, who: string, netuid: number, uids: number[], values: number[], versionKey: bigint, block: number): EventSpec[] {
  const E = 'SubtensorModule';
  ensure(uids.length === values.length, E, 'WeightVecNotEqualSize');
  ensure(Boolean(chain.get(ST, 'networksAdded', [netuid])!.toJSON()), E, 'SubnetNotExists');
  const n = chain.getNum(ST, 'subnetworkN', [netuid]);
  ensure(uids.length <= n, E, 'UidsLengthExceedUidsInSubNet');
  const uid = uidOf(chain, netuid, who);
  if (uid === null) return fail(E, 'HotKeyNotRegisteredInSubNet');
  ensureMinStake(chain, netuid, who);
  const networkKey = BigInt(chain.get(ST, 'weightsVersionKey', [netuid])!.toString());
  ensure(networkKey === 0n || versionKey >= networkKey, E, 'IncorrectWeightVersionKey');
  const crEnabled = Boolean(chain.get(ST, 'commitRevealWeightsEnabled', [netuid])!.toJSON());
  if (!crEnabled) ensure(checkRateLimit(chain, netuid, uid, block), E, 'SettingWeightsTooFast');
  const selfWeight = values.length === 1 && uids[0] === uid;
  const permits = chain.get(ST, 'validatorPermit', [netuid])!.toJSON() as boolean[];
  ensure(selfWeight || permits[uid] === true, E, 'NeuronNoValidatorPermit');
  ensure(new Set(uids).size === uids.length, E, 'DuplicateUids');
  ensure(uids.every((u) => u < n), E, 'UidVecContainInvalidOne');
  const minAllowed = Math.min(n, chain.getNum(ST, 'minAllowedWeights', [netuid]));
  ensure(selfWeight || values.length >= minAllowed, E, 'WeightVecLengthIsLow');
  // vec_u16_max_upscale_to_u16: largest weight becomes 65535 (I32F32 there; rounding agrees for these sizes).
  const max = Math.max(0, ...values);
  const upscaled = max === 0 ? values.slice() : values.map((v) => Math.round((v * 65535) / max));
  const limit = chain.getNum(ST, 'maxWeightsLimit', [netuid]);
  const sum = upscaled.reduce((s, v) => s + v, 0);
  ensure(selfWeight || limit === 65535 || sum === 0 || Math.max(...upscaled) / sum <= limit / 65535, E, 'MaxWeightExceeded');
  chain.put(ST, 'weights', [netuid, uid], uids.map((u, i) => [u, upscaled[i]]));
  if (!crEnabled) setLastUpdate(chain, netuid, uid, block);
  return [{ pallet: 'SubtensorModule', name: 'WeightsSet', fields: [netuid, uid] }];
}

type CommitRow = [string, number, number, number];

function commits(chain: FakeChain, netuid: number, who: string): CommitRow[] {
  const v = chain.get(ST, 'weightCommits', [netuid, who]);
  return v === null ? [] : (v.toJSON() as Array<[string, number, number, number]>).map(([h, a, b, c]) => [h, Number(a), Number(b), Number(c)]);
}

function firstBlockOfEpoch(chain: FakeChain, netuid: number, epoch: number): number {
  const tempo = chain.getNum(ST, 'tempo', [netuid]);
  return Math.max(0, epoch * (tempo + 1) - (netuid + 1));
}

function commitWeights(chain: FakeChain, who: string, netuid: number, hash: string, block: number): EventSpec[] {
  const E = 'SubtensorModule';
  ensure(Boolean(chain.get(ST, 'commitRevealWeightsEnabled', [netuid])!.toJSON()), E, 'CommitRevealDisabled');
  const uid = uidOf(chain, netuid, who);
  if (uid === null) return fail(E, 'HotKeyNotRegisteredInSubNet');
  ensureMinStake(chain, netuid, who);
  ensure(checkRateLimit(chain, netuid, uid, block), E, 'CommittingWeightsTooFast');
  const period = chain.getNum(ST, 'revealPeriodEpochs', [netuid]);
  const now = epochOf(chain, netuid, block);
  const rows = commits(chain, netuid, who).filter(([, b]) => now <= epochOf(chain, netuid, b) + period);
  ensure(rows.length < 10, E, 'TooManyUnrevealedCommits');
  const revealEpoch = epochOf(chain, netuid, block) + period;
  rows.push([hash, block, firstBlockOfEpoch(chain, netuid, revealEpoch), firstBlockOfEpoch(chain, netuid, revealEpoch + 1) - 1]);
  chain.put(ST, 'weightCommits', [netuid, who], rows);
  setLastUpdate(chain, netuid, uid, block);
  return [{ pallet: 'SubtensorModule', name: 'WeightsCommitted', fields: [who, netuid, hash] }];
}

function revealWeights(chain: FakeChain, who: string, netuid: number, uidsC: Codec, valuesC: Codec, saltC: Codec, versionC: Codec, block: number): EventSpec[] {
  const E = 'SubtensorModule';
  ensure(Boolean(chain.get(ST, 'commitRevealWeightsEnabled', [netuid])!.toJSON()), E, 'CommitRevealDisabled');
  let rows = commits(chain, netuid, who);
  ensure(rows.length > 0, E, 'NoWeightsCommitFound');
  const period = chain.getNum(ST, 'revealPeriodEpochs', [netuid]);
  const now = epochOf(chain, netuid, block);
  const expired = rows.filter(([, b]) => now > epochOf(chain, netuid, b) + period).map(([h]) => h);
  rows = rows.filter(([, b]) => now <= epochOf(chain, netuid, b) + period);
  // BlakeTwo256::hash_of(&(who, netuid, uids, values, salt, version_key)), SCALE-encoded.
  const r = chain.registry;
  const provided = blake2AsHex(r.createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [who, netuid, uidsC, valuesC, saltC, versionC]).toU8a(), 256);
  const pos = rows.findIndex(([h]) => h === provided);
  if (pos < 0) return fail(E, expired.includes(provided) ? 'ExpiredWeightCommit' : rows.length === 0 ? 'NoWeightsCommitFound' : 'InvalidRevealCommitHashNotMatch');
  ensure(now === epochOf(chain, netuid, rows[pos]![1]) + period, E, 'RevealTooEarly');
  rows = rows.slice(pos + 1);
  if (rows.length === 0) chain.remove(ST, 'weightCommits', [netuid, who]);
  else chain.put(ST, 'weightCommits', [netuid, who], rows);
  const events = setWeights(chain, who, netuid, uidsC.toJSON() as number[], valuesC.toJSON() as number[], BigInt(versionC.toString()), block);
  return [...events, { pallet: 'SubtensorModule', name: 'WeightsRevealed', fields: [who, netuid, provided] }];
}
