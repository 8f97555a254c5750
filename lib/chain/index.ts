// The chain layer's public surface, for the validator and the submit command.
// (Importing this loads polkadot-js; pure parts can be imported file by file.)
export type { ChainClient, CommitmentRecord, Inclusion, Neuron, SubnetHyperparams, SubnetInfo, WeightCommit } from './client.js';
export { epochOf } from './client.js';
export { formatCommitment, parseCommitment, type CommitmentParse, type ModelCommitment } from './commitment-string.js';
export { commitmentField, MAX_BIGRAW_BYTES, MAX_RAW_BYTES } from './commitment-data.js';
export { NETWORKS, resolveNetwork, type NetworkName, type NetworkTarget } from './networks.js';
export { publishCommitment } from './publish-commitment.js';
export { nextAllowedBlock, revealDue, submitWeights, type WeightsOutcome, type WeightsRequest } from './set-weights.js';
export { joinCommitments, readSubnetCommitments, type CommitmentRow } from './subnet-commitments.js';
export { connectSubtensor, type ConnectOptions } from './subtensor-client.js';
export { hotkeyFile, hotkeyFromKeyfile, loadHotkey, resolveWalletLocation, type Hotkey, type WalletLocation } from './wallet.js';
export { freshSalt, RevealStore, weightsCommitHash, type PendingReveal } from './weights-commit.js';
