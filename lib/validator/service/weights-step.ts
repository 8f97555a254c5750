// The validator's side of set_weights on the network: the checks that must
// pass before a round is worth running (hotkey registered, validator permit,
// a commit-reveal version we implement), then setting the round's weights
// within the rate limit. A weights extrinsic whose outcome is unknown (the
// socket or the inclusion deadline failed) is settled by reading the chain
// back, never reported as failed when it landed and never sent twice.
import { NaschainError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { ChainClient, SubnetInfo } from '../../chain/client.js';
import { nextAllowedBlock, submitWeights, type WeightsRequest } from '../../chain/set-weights.js';
import { freshSalt, weightsCommitHash, type RevealStore } from '../../chain/weights-commit.js';
import { epochOf } from '../../chain/client.js';
import type { Hotkey } from '../../chain/wallet.js';

/**
 * The commit-reveal scheme lib/chain implements: hashed commit_weights, then
 * reveal_weights in the reveal epoch (bittensor's "v2"). Runtimes that store a
 * CommitRevealWeightsVersion (3: CRv3, 4: drand-timelocked commits, finney's
 * default) need encrypted commits we do not make.
 */
export const SUPPORTED_COMMIT_REVEAL = 'hash commit-reveal (commit_weights + reveal_weights, "v2")';

export interface ValidatorStanding {
  uid: number;
  subnet: SubnetInfo;
  lastUpdate: number;
}

/** Throws one clear line when this hotkey cannot set weights on the subnet at all. */
export async function checkValidator(client: ChainClient, hotkey: Hotkey): Promise<ValidatorStanding> {
  const subnet = await client.subnet();
  const where = `subnet ${client.netuid} on ${client.endpoint}`;
  if (!subnet.exists) throw new NaschainError('NOT_FOUND', `${where} does not exist`);
  const uid = await client.uidOf(hotkey.address);
  if (uid === null) throw new NaschainError('AUTH', `hotkey ${hotkey.address} is not registered on ${where}; register it before validating`);
  const me = (await client.neurons()).find((n) => n.uid === uid);
  if (!me?.validatorPermit) {
    throw new NaschainError('AUTH', `hotkey ${hotkey.address} (uid ${uid}) holds no validator permit on ${where}; the chain refuses its weights until it has one (stake enough to rank among the subnet's validators)`);
  }
  if (subnet.hyperparams.commitRevealEnabled) {
    const version = await client.commitRevealVersion();
    if (version !== null && version !== 2) {
      throw new NaschainError('UNSUPPORTED', `${where} has commit-reveal on with CommitRevealWeightsVersion ${version} (encrypted, drand-timelocked commits); naschain supports only ${SUPPORTED_COMMIT_REVEAL}`);
    }
  }
  return { uid, subnet, lastUpdate: me.lastUpdate };
}

export type WeightsSet =
  | { mode: 'set'; block: number | null; txHash: string | null; settledByReadBack: boolean }
  | { mode: 'committed'; block: number | null; txHash: string | null; revealEpoch: number; settledByReadBack: boolean };

export interface WeightsStepDeps {
  client: ChainClient;
  hotkey: Hotkey;
  reveals: RevealStore;
  log?: Logger;
  /** Resolves once the best block is at least `block` (the service polls; it throws when stopping). */
  waitForBlock(block: number): Promise<void>;
}

export async function setRoundWeights(deps: WeightsStepDeps, req: WeightsRequest): Promise<WeightsSet> {
  const { client, hotkey, log } = deps;
  let standing = await checkValidator(client, hotkey);
  const next = nextAllowedBlock(standing.lastUpdate, standing.subnet.hyperparams.weightsRateLimit);
  // The extrinsic executes in the block after the best one.
  if (standing.subnet.block + 1 < next) {
    log?.info(`weights: rate limit (${standing.subnet.hyperparams.weightsRateLimit} blocks since block ${standing.lastUpdate}): waiting for block ${next - 1}`);
    await deps.waitForBlock(next - 1);
    standing = await checkValidator(client, hotkey);
  }
  const cr = standing.subnet.hyperparams.commitRevealEnabled;
  const salt = freshSalt();
  try {
    const out = await submitWeights(client, hotkey, req, { store: deps.reveals, salt, ...(log ? { log } : {}) });
    const base = { block: out.inclusion.blockNumber, txHash: out.inclusion.txHash, settledByReadBack: false };
    return out.mode === 'set' ? { mode: 'set', ...base } : { mode: 'committed', ...base, revealEpoch: out.revealEpoch };
  } catch (e) {
    if (!(e instanceof NaschainError && e.code === 'NETWORK')) throw e;
    // The extrinsic may have landed: read the chain back before calling it failed.
    const settled = cr ? await settleCommit(deps, req, salt, standing) : await settleSet(client, standing, req);
    if (!settled) throw e;
    log?.warn(`weights: ${e.message.split('\n')[0]}; the chain shows them ${cr ? 'committed' : 'set'} all the same`);
    return settled;
  }
}

async function settleSet(client: ChainClient, before: ValidatorStanding, req: WeightsRequest): Promise<WeightsSet | null> {
  const [row, neurons] = await Promise.all([client.weightsOf(before.uid), client.neurons()]);
  const last = neurons.find((n) => n.uid === before.uid)?.lastUpdate ?? 0;
  const want = req.uids.map((u, i) => [u, req.weights[i]] as const).filter(([, w]) => w !== 0);
  const same = row.length === want.length && want.every(([u, w], i) => row[i]?.[0] === u && row[i]?.[1] === w);
  return same && last > before.lastUpdate ? { mode: 'set', block: last, txHash: null, settledByReadBack: true } : null;
}

async function settleCommit(deps: WeightsStepDeps, req: WeightsRequest, salt: number[], before: ValidatorStanding): Promise<WeightsSet | null> {
  const { client, hotkey } = deps;
  const hash = weightsCommitHash(hotkey.address, client.netuid, req.uids, req.weights, salt, req.versionKey);
  const found = (await client.weightCommits(hotkey.address)).find((c) => c.hash === hash);
  if (!found) return null;
  if (!deps.reveals.list().some((r) => r.commitHash === hash)) {
    deps.reveals.add({ netuid: client.netuid, hotkey: hotkey.address, uids: req.uids, weights: req.weights, salt, versionKey: req.versionKey.toString(), commitHash: hash, commitBlock: found.commitBlock });
  }
  const { tempo, revealPeriodEpochs } = before.subnet.hyperparams;
  return { mode: 'committed', block: found.commitBlock, txHash: null, revealEpoch: epochOf(found.commitBlock, client.netuid, tempo) + revealPeriodEpochs, settledByReadBack: true };
}
