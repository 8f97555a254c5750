// Sets a validator's weights the way the subnet wants them: directly with
// set_weights, or, when commit-reveal is on, commit now and reveal in the
// reveal epoch (pending reveals kept on disk). Checks the rate limit, the
// registration and the version key first, so a refused extrinsic never costs
// a fee; the chain's own check still applies.
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { epochOf, type ChainClient, type Inclusion, type SubnetInfo } from './client.js';
import { freshSalt, weightsCommitHash, type PendingReveal, type RevealStore } from './weights-commit.js';
import type { Hotkey } from './wallet.js';

export interface WeightsRequest {
  uids: number[];
  /** u16 weights, already shaped by the subnet's limits (lib/score). */
  weights: number[];
  versionKey: bigint;
}

export type WeightsOutcome =
  | { mode: 'set'; inclusion: Inclusion; revealed: PendingReveal[] }
  | { mode: 'committed'; inclusion: Inclusion; revealEpoch: number; revealed: PendingReveal[] };

/** First block at which the UID may set (or commit) weights again; 0 when it may now. */
export function nextAllowedBlock(lastUpdate: number, rateLimit: number): number {
  return lastUpdate === 0 ? 0 : lastUpdate + rateLimit;
}

async function preflight(client: ChainClient, hotkey: Hotkey, req: WeightsRequest): Promise<{ subnet: SubnetInfo; uid: number; lastUpdate: number }> {
  const subnet = await client.subnet();
  if (!subnet.exists) throw new NaschainError('NOT_FOUND', `subnet ${client.netuid} does not exist on ${client.endpoint}`);
  if (req.uids.length !== req.weights.length) throw new NaschainError('INVALID', `weights: ${req.uids.length} uids but ${req.weights.length} values`);
  const uid = await client.uidOf(hotkey.address);
  if (uid === null) throw new NaschainError('AUTH', `hotkey ${hotkey.address} is not registered on subnet ${client.netuid}; register it before setting weights`);
  const key = subnet.hyperparams.weightsVersionKey;
  if (key !== 0n && req.versionKey < key) {
    throw new NaschainError('INVALID', `weights version key ${req.versionKey} is below the subnet's ${key}: update naschain`);
  }
  const neurons = await client.neurons();
  return { subnet, uid, lastUpdate: neurons.find((n) => n.uid === uid)?.lastUpdate ?? 0 };
}

function checkRate(subnet: SubnetInfo, lastUpdate: number, what: string): void {
  // The extrinsic executes in the next block.
  const at = subnet.block + 1;
  const next = nextAllowedBlock(lastUpdate, subnet.hyperparams.weightsRateLimit);
  if (at < next) {
    throw new NaschainError('LIMIT', `${what} on subnet ${subnet.netuid} is rate-limited: last update at block ${lastUpdate}, limit ${subnet.hyperparams.weightsRateLimit} blocks, allowed again from block ${next} (now ${subnet.block})`);
  }
}

/** Reveals every stored commit of this hotkey whose reveal epoch is now; drops expired ones. */
export async function revealDue(client: ChainClient, hotkey: Hotkey, store: RevealStore, log?: Logger): Promise<PendingReveal[]> {
  const subnet = await client.subnet();
  const { tempo, revealPeriodEpochs } = subnet.hyperparams;
  const now = epochOf(subnet.block + 1, client.netuid, tempo);
  const done: PendingReveal[] = [];
  for (const stored of store.list()) {
    if (stored.netuid !== client.netuid || stored.hotkey !== hotkey.address) continue;
    const r = await placeCommit(client, hotkey, store, stored, subnet.block, log);
    if (!r) continue;
    const due = epochOf(r.commitBlock, client.netuid, tempo) + revealPeriodEpochs;
    if (now > due) {
      log?.warn(`weights commit ${r.commitHash} from block ${r.commitBlock} expired unrevealed (reveal epoch ${due}, now ${now}); dropping it`);
      store.remove(r.commitHash);
    } else if (now === due) {
      await client.revealWeights(hotkey, r.uids, r.weights, r.salt, BigInt(r.versionKey));
      store.remove(r.commitHash);
      log?.info(`revealed weights commit ${r.commitHash} from block ${r.commitBlock}`);
      done.push(r);
    }
  }
  return done;
}

/** Mortal extrinsics (polkadot-js' default era) cannot land later than this many blocks after signing. */
const ERA_BLOCKS = 64;

/**
 * A commit saved before it was sent has commitBlock 0 until its block is known: read it from the chain's
 * WeightCommits. Not there and past the era in which it could still land: it never landed, drop it.
 */
async function placeCommit(client: ChainClient, hotkey: Hotkey, store: RevealStore, r: PendingReveal, now: number, log?: Logger): Promise<PendingReveal | undefined> {
  if (r.commitBlock > 0) return r;
  const onChain = (await client.weightCommits(hotkey.address)).find((c) => c.hash === r.commitHash);
  if (onChain) {
    store.update(r.commitHash, { commitBlock: onChain.commitBlock });
    log?.info(`weights commit ${r.commitHash}, whose answer was lost, landed in block ${onChain.commitBlock}`);
    return { ...r, commitBlock: onChain.commitBlock };
  }
  if (now > (r.sentBlock ?? 0) + ERA_BLOCKS) {
    log?.warn(`weights commit ${r.commitHash} sent at block ${r.sentBlock ?? '?'} is not on chain and can no longer land; dropping it`);
    store.remove(r.commitHash);
  }
  return undefined;
}

export async function submitWeights(client: ChainClient, hotkey: Hotkey, req: WeightsRequest, opts: { store: RevealStore; log?: Logger; salt?: number[] }): Promise<WeightsOutcome> {
  const { subnet, lastUpdate } = await preflight(client, hotkey, req);
  if (!subnet.hyperparams.commitRevealEnabled) {
    checkRate(subnet, lastUpdate, 'set_weights');
    const inclusion = await client.setWeights(hotkey, req.uids, req.weights, req.versionKey);
    return { mode: 'set', inclusion, revealed: [] };
  }
  const revealed = await revealDue(client, hotkey, opts.store, opts.log);
  const fresh = revealed.length > 0 ? await preflight(client, hotkey, req) : { subnet, lastUpdate };
  checkRate(fresh.subnet, fresh.lastUpdate, 'commit_weights');
  const salt = opts.salt ?? freshSalt();
  const commitHash = weightsCommitHash(hotkey.address, client.netuid, req.uids, req.weights, salt, req.versionKey);
  // Saved before sending: a commit that lands while this process dies or loses the answer can still be revealed.
  opts.store.add({ netuid: client.netuid, hotkey: hotkey.address, uids: req.uids, weights: req.weights, salt, versionKey: req.versionKey.toString(), commitHash, commitBlock: 0, sentBlock: fresh.subnet.block });
  let inclusion: Inclusion;
  try {
    inclusion = await client.commitWeights(hotkey, commitHash);
  } catch (e) {
    // A definite refusal (the chain or the pool said no) leaves nothing to reveal; an unknown outcome keeps the entry.
    if (e instanceof NaschainError && e.code !== 'NETWORK') opts.store.remove(commitHash);
    throw e;
  }
  opts.store.update(commitHash, { commitBlock: inclusion.blockNumber });
  const { tempo, revealPeriodEpochs } = subnet.hyperparams;
  return { mode: 'committed', inclusion, revealEpoch: epochOf(inclusion.blockNumber, client.netuid, tempo) + revealPeriodEpochs, revealed };
}
