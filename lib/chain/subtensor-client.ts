// ChainClient over @polkadot/api: every type comes from the node's own runtime
// metadata (no hand-written types). The WsProvider reconnects a dropped socket
// by itself; every call here has a deadline and names what timed out.
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { epochOf, type ChainClient, type CommitmentRecord, type Inclusion, type Neuron, type SubnetInfo, type WeightCommit } from './client.js';
import { commitmentField, fieldText, type DataLike } from './commitment-data.js';
import type { NetworkTarget } from './networks.js';
import { capText } from './node-text.js';
import { signAndWait } from './submit.js';
import { withTimeout } from './with-timeout.js';
import type { Hotkey } from './wallet.js';

export interface ConnectOptions {
  /** Deadline for connecting and for each read (default 30 s). */
  timeoutMs?: number;
  /** Deadline for a signed extrinsic to reach a block (default 120 s). */
  inclusionTimeoutMs?: number;
  log?: Logger;
}

// Subtensor's own transaction extensions carry no data (their types are Null);
// naming them stops polkadot-js from warning that it does not know them.
const EMPTY_EXTENSION = { extrinsic: {}, payload: {} };
const SUBTENSOR_EXTENSIONS = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority'].map((n) => [n, EMPTY_EXTENSION]),
);

const num = (c: Codec): number => Number(c.toString());
const big = (c: Codec): bigint => BigInt(c.toString());
const bool = (c: Codec): boolean => c.toJSON() === true;

/** Connects to a subtensor node; throws NETWORK with the endpoint when it cannot. */
export async function connectSubtensor(target: NetworkTarget, opts: ConnectOptions = {}): Promise<ChainClient> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // autoConnectMs 2500: the provider reconnects and re-subscribes after a drop.
  const provider = new WsProvider(target.endpoint, 2500, {}, timeoutMs);
  try {
    const api = await withTimeout(
      `connecting to subtensor at ${target.endpoint}`,
      timeoutMs,
      ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true, signedExtensions: SUBTENSOR_EXTENSIONS }),
    );
    for (const [section, item] of [['subtensorModule', 'keys'], ['commitments', 'commitmentOf']] as const) {
      if (!api.query[section]?.[item]) {
        await api.disconnect();
        throw new NaschainError('UNSUPPORTED', `node at ${target.endpoint} has no ${section}.${item} storage: is it a subtensor node?`);
      }
    }
    if (api.query.subtensorModule?.subnetEpochIndex) {
      // Newer runtimes count epochs in storage; our reveal timing uses the block formula of spec <= 393.
      opts.log?.warn(`node at ${target.endpoint} keeps SubnetEpochIndex: commit-reveal timing here assumes the older block-based epoch formula`);
    }
    opts.log?.debug(`connected to ${target.endpoint} (${api.runtimeVersion.specName.toString()} spec ${api.runtimeVersion.specVersion.toNumber()})`);
    return new SubtensorClient(api, target, opts.timeoutMs ?? 30_000, opts.inclusionTimeoutMs ?? 120_000);
  } catch (e) {
    await provider.disconnect().catch(() => undefined);
    if (e instanceof NaschainError) throw e;
    // throwOnConnect rejects with the socket's error event, which has no useful text.
    const why = e instanceof Error ? e.message : 'the WebSocket could not be opened (refused, closed or unreachable)';
    throw new NaschainError('NETWORK', `cannot connect to subtensor at ${target.endpoint}: ${why}`, { cause: e });
  }
}

class SubtensorClient implements ChainClient {
  readonly endpoint: string;
  readonly netuid: number;

  constructor(private readonly api: ApiPromise, target: NetworkTarget, private readonly timeoutMs: number, private readonly inclusionMs: number) {
    this.endpoint = target.endpoint;
    this.netuid = target.netuid;
  }

  /** Waits (until the deadline) for the provider to be connected again after a drop. */
  private async connected(what: string, deadline: number): Promise<void> {
    while (!this.api.isConnected) {
      if (Date.now() >= deadline) throw new NaschainError('NETWORK', `${what}: lost the connection to ${this.endpoint} and could not reconnect within ${this.timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A read with a deadline; a read cut by a dropped socket is retried once the provider has reconnected. */
  private async read<T>(what: string, call: () => Promise<T>): Promise<T> {
    const label = `reading ${what} from ${this.endpoint}`;
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      await this.connected(label, deadline);
      try {
        return await withTimeout(label, Math.max(1, deadline - Date.now()), call(), this.timeoutMs);
      } catch (e) {
        if (e instanceof NaschainError) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        if (attempt < 3 && /disconnected|not connected|Abnormal Closure/i.test(msg)) continue;
        throw new NaschainError('NETWORK', `${label} failed: ${capText(msg)}`);
      }
    }
  }

  private get st() {
    return this.api.query.subtensorModule!;
  }

  async blockNumber(): Promise<number> {
    const h = await this.read('the best header', () => this.api.rpc.chain.getHeader());
    // polkadot-js turns a null answer into a default header (block 0, zero roots); no real block has a zero state root.
    if (h.stateRoot.isEmpty) throw new NaschainError('NETWORK', `reading from ${this.endpoint}: the node answered null for the best header`);
    return h.number.toNumber();
  }

  async subnet(): Promise<SubnetInfo> {
    const n = this.netuid;
    const q = this.st;
    const [exists, size, tempo, rate, cr, reveal, minW, maxW, version, block] = await this.read(`subnet ${n} hyperparameters`, () => Promise.all([
      q.networksAdded!(n), q.subnetworkN!(n), q.tempo!(n), q.weightsSetRateLimit!(n), q.commitRevealWeightsEnabled!(n),
      q.revealPeriodEpochs!(n), q.minAllowedWeights!(n), q.maxWeightsLimit!(n), q.weightsVersionKey!(n), this.blockNumber(),
    ]));
    return {
      netuid: n,
      exists: bool(exists),
      size: num(size),
      block,
      hyperparams: {
        tempo: num(tempo), weightsRateLimit: num(rate), commitRevealEnabled: bool(cr), revealPeriodEpochs: num(reveal),
        minAllowedWeights: num(minW), maxWeightsLimit: num(maxW), weightsVersionKey: big(version),
      },
    };
  }

  async neurons(): Promise<Neuron[]> {
    const n = this.netuid;
    const [keys, permits, updates] = await this.read(`subnet ${n} neurons`, () => Promise.all([
      this.st.keys!.entries(n), this.st.validatorPermit!(n), this.st.lastUpdate!(n),
    ]));
    const permit = permits.toJSON() as boolean[];
    const last = (updates.toJSON() as Array<number | string>).map(Number);
    return keys
      .map(([key, value]) => {
        const uid = num(key.args[1]!);
        return { uid, hotkey: value.toString(), validatorPermit: permit[uid] === true, lastUpdate: last[uid] ?? 0 };
      })
      .sort((a, b) => a.uid - b.uid);
  }

  async uidOf(hotkey: string): Promise<number | null> {
    const v = await this.read(`the UID of ${hotkey}`, () => this.st.uids!(this.netuid, hotkey));
    const json = v.toJSON();
    return json === null ? null : Number(json);
  }

  private decodeCommitment(hotkey: string, value: Codec): CommitmentRecord | null {
    const json = value.toJSON();
    if (json === null) return null;
    const reg = (value as unknown as { unwrap(): { block: Codec; info: { fields: DataLike[] } } }).unwrap();
    const first = reg.info.fields[0];
    return { hotkey, block: num(reg.block), text: first ? fieldText(first) : null, variant: first ? first.type : 'empty' };
  }

  async commitments(): Promise<CommitmentRecord[]> {
    const rows = await this.read(`subnet ${this.netuid} commitments`, () => this.api.query.commitments!.commitmentOf!.entries(this.netuid));
    const out: CommitmentRecord[] = [];
    for (const [key, value] of rows) {
      const rec = this.decodeCommitment(key.args[1]!.toString(), value);
      if (rec) out.push(rec);
    }
    return out;
  }

  async commitmentOf(hotkey: string): Promise<CommitmentRecord | null> {
    const v = await this.read(`the commitment of ${hotkey}`, () => this.api.query.commitments!.commitmentOf!(this.netuid, hotkey));
    return this.decodeCommitment(hotkey, v);
  }

  async commitmentExtrinsicIndex(hotkey: string, block: number): Promise<number | null> {
    return this.read(`the extrinsics of block ${block}`, async () => {
      const hash = await this.api.rpc.chain.getBlockHash(block);
      const signed = await this.api.rpc.chain.getBlock(hash);
      // Failed dispatches stay in the block; only a successful one wrote the commitment.
      const failed = new Set<number>();
      try {
        const events = await this.api.query.system!.events!.at(hash);
        for (const ev of events as unknown as Array<{ phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec }; event: { section: string; method: string } }>) {
          if (ev.phase.isApplyExtrinsic && ev.event.section === 'system' && ev.event.method === 'ExtrinsicFailed') failed.add(num(ev.phase.asApplyExtrinsic));
        }
      } catch {
        // A pruned node keeps block bodies but not old state: go without the success check.
      }
      let found: number | null = null;
      signed.block.extrinsics.forEach((ex, i) => {
        if (!ex.isSigned || failed.has(i) || ex.method.section !== 'commitments' || ex.method.method !== 'setCommitment') return;
        if (ex.signer.toString() !== hotkey || num(ex.method.args[0]!) !== this.netuid) return;
        found = i;
      });
      return found;
    });
  }

  async commitRevealVersion(): Promise<number | null> {
    const q = this.st.commitRevealWeightsVersion;
    if (!q) return null;
    return num(await this.read('the commit-reveal weights version', () => q()));
  }

  async weightsOf(uid: number): Promise<Array<[number, number]>> {
    const v = await this.read(`the weights of UID ${uid}`, () => this.st.weights!(this.netuid, uid));
    return (v.toJSON() as Array<[number, number]>).map(([u, w]) => [Number(u), Number(w)]);
  }

  async weightCommits(hotkey: string): Promise<WeightCommit[]> {
    const v = await this.read(`the weight commits of ${hotkey}`, () => this.st.weightCommits!(this.netuid, hotkey));
    const json = v.toJSON() as Array<[string, number | string, number | string, number | string]> | null;
    // Runtimes before the epoch counter stored (hash, commit_block, first_reveal, last_reveal).
    return (json ?? []).map(([hash, commitBlock]) => ({ hash, commitBlock: Number(commitBlock) }));
  }

  async commitmentSpace(hotkey: string): Promise<{ used: number; max: number; epoch: number }> {
    const [usage, max, tempo, block] = await this.read(`the commitment space of ${hotkey}`, () => Promise.all([
      this.api.query.commitments!.usedSpaceOf!(this.netuid, hotkey), this.api.query.commitments!.maxSpace!(), this.st.tempo!(this.netuid), this.blockNumber(),
    ]));
    // The extrinsic runs in the next block, so that is the epoch it is charged to.
    const epoch = epochOf(block + 1, this.netuid, num(tempo));
    const u = usage.toJSON() as { lastEpoch: number; usedSpace: number } | null;
    return { used: u && Number(u.lastEpoch) === epoch ? Number(u.usedSpace) : 0, max: num(max), epoch };
  }

  /**
   * Writes are never signed twice; they wait for a dropped socket to come back first, and an answer
   * lost after sending is settled by reading the chain back (settle-extrinsic.ts) within timeoutMs.
   */
  private async write(what: string, make: () => SubmittableExtrinsic<'promise'>, signer: Hotkey): Promise<Inclusion> {
    await this.connected(what, Date.now() + this.timeoutMs);
    return signAndWait(this.api, what, make(), signer, this.inclusionMs, this.timeoutMs);
  }

  setCommitment(signer: Hotkey, text: string): Promise<Inclusion> {
    const { variant, bytes } = commitmentField(text);
    // A plain array: polkadot-js would read a Uint8Array given for Bytes (BigRaw) as already length-prefixed.
    return this.write(`set_commitment on subnet ${this.netuid}`, () => this.api.tx.commitments!.setCommitment!(this.netuid, { fields: [{ [variant]: Array.from(bytes) }] }), signer);
  }

  setWeights(signer: Hotkey, uids: number[], weights: number[], versionKey: bigint): Promise<Inclusion> {
    return this.write(`set_weights on subnet ${this.netuid}`, () => this.api.tx.subtensorModule!.setWeights!(this.netuid, uids, weights, versionKey), signer);
  }

  commitWeights(signer: Hotkey, commitHash: string): Promise<Inclusion> {
    return this.write(`commit_weights on subnet ${this.netuid}`, () => this.api.tx.subtensorModule!.commitWeights!(this.netuid, commitHash), signer);
  }

  revealWeights(signer: Hotkey, uids: number[], weights: number[], salt: number[], versionKey: bigint): Promise<Inclusion> {
    return this.write(`reveal_weights on subnet ${this.netuid}`, () => this.api.tx.subtensorModule!.revealWeights!(this.netuid, uids, weights, salt, versionKey), signer);
  }

  async close(): Promise<void> {
    await this.api.disconnect();
  }
}
