// The small interface the rest of naschain uses to talk to subtensor: reads of
// the subnet and its commitments, and the hotkey-signed writes. The one real
// implementation is lib/chain/subtensor-client.ts (polkadot-js with the node's
// own metadata).
import type { Hotkey } from './wallet.js';

/** Hyperparameters that decide how and when weights may be set. */
export interface SubnetHyperparams {
  tempo: number;
  weightsRateLimit: number;
  commitRevealEnabled: boolean;
  /** Epochs between commit and reveal (RevealPeriodEpochs). */
  revealPeriodEpochs: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  weightsVersionKey: bigint;
}

export interface SubnetInfo {
  netuid: number;
  exists: boolean;
  /** Number of UIDs (SubnetworkN). */
  size: number;
  hyperparams: SubnetHyperparams;
  /** Current best block number. */
  block: number;
}

export interface Neuron {
  uid: number;
  hotkey: string;
  validatorPermit: boolean;
  /** Block of the UID's last weights update (0: never). */
  lastUpdate: number;
}

/** One `Commitments.CommitmentOf` entry, decoded. */
export interface CommitmentRecord {
  hotkey: string;
  /** Block the commitment was written in. */
  block: number;
  /** First field as UTF-8 text (Raw0..Raw128 or BigRaw), null when the first field holds no bytes. */
  text: string | null;
  /** Variant name of the first field (e.g. 'Raw57', 'BigRaw', 'Sha256'). */
  variant: string;
}

/** What the chain did with a signed extrinsic once it was included. */
export interface Inclusion {
  blockHash: string;
  blockNumber: number;
  txHash: string;
}

/** A commit-reveal commit as stored in SubtensorModule.WeightCommits. */
export interface WeightCommit {
  hash: string;
  commitBlock: number;
}

export interface ChainClient {
  readonly endpoint: string;
  readonly netuid: number;
  blockNumber(): Promise<number>;
  subnet(): Promise<SubnetInfo>;
  neurons(): Promise<Neuron[]>;
  uidOf(hotkey: string): Promise<number | null>;
  commitments(): Promise<CommitmentRecord[]>;
  commitmentOf(hotkey: string): Promise<CommitmentRecord | null>;
  /**
   * Index in block `block` of the hotkey's successful Commitments.set_commitment
   * for this subnet (the last one when it sent several); null when the block
   * holds none. Upstream's intended second tie-break after the block.
   */
  commitmentExtrinsicIndex(hotkey: string, block: number): Promise<number | null>;
  /**
   * The runtime's CommitRevealWeightsVersion (3: CRv3, 4: timelocked, drand);
   * null when the runtime has no such storage (hash commit-reveal only).
   */
  commitRevealVersion(): Promise<number | null>;
  /** Weights row of a UID as stored: (uid, u16 weight) pairs, max-upscaled by the chain. */
  weightsOf(uid: number): Promise<Array<[number, number]>>;
  weightCommits(hotkey: string): Promise<WeightCommit[]>;
  /** Bytes the hotkey has used this epoch and the per-epoch allowance (Commitments.UsedSpaceOf / MaxSpace). */
  commitmentSpace(hotkey: string): Promise<{ used: number; max: number; epoch: number }>;
  setCommitment(signer: Hotkey, text: string): Promise<Inclusion>;
  setWeights(signer: Hotkey, uids: number[], weights: number[], versionKey: bigint): Promise<Inclusion>;
  commitWeights(signer: Hotkey, commitHash: string): Promise<Inclusion>;
  revealWeights(signer: Hotkey, uids: number[], weights: number[], salt: number[], versionKey: bigint): Promise<Inclusion>;
  close(): Promise<void>;
}

/** Subtensor's epoch index of a block (SubtensorModule::get_epoch_index). */
export function epochOf(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}
