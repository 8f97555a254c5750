// What a validator reads each round: every UID of the subnet with its
// hotkey's commitment, the block it was made in, and either the parsed model
// commitment or the reason it does not parse.
import type { ChainClient, CommitmentRecord, Neuron } from './client.js';
import { parseCommitment, type ModelCommitment } from './commitment-string.js';

export interface CommitmentRow {
  uid: number;
  hotkey: string;
  /** Block the commitment was made in; null when the hotkey has none. */
  block: number | null;
  text: string | null;
  commitment: ModelCommitment | null;
  /** Why there is no usable commitment; null when `commitment` is set. */
  reason: string | null;
}

/** Joins the metagraph with the commitments (pure: plain data in, rows out, sorted by UID). */
export function joinCommitments(neurons: readonly Neuron[], records: readonly CommitmentRecord[]): CommitmentRow[] {
  const byHotkey = new Map(records.map((r) => [r.hotkey, r]));
  return [...neurons].sort((a, b) => a.uid - b.uid).map((n) => {
    const rec = byHotkey.get(n.hotkey);
    if (!rec) return { uid: n.uid, hotkey: n.hotkey, block: null, text: null, commitment: null, reason: 'no commitment' };
    if (rec.text === null) return { uid: n.uid, hotkey: n.hotkey, block: rec.block, text: null, commitment: null, reason: `first field is ${rec.variant}, not text` };
    const parsed = parseCommitment(rec.text);
    return parsed.ok
      ? { uid: n.uid, hotkey: n.hotkey, block: rec.block, text: rec.text, commitment: parsed.value, reason: null }
      : { uid: n.uid, hotkey: n.hotkey, block: rec.block, text: rec.text, commitment: null, reason: parsed.reason };
  });
}

export async function readSubnetCommitments(client: ChainClient): Promise<CommitmentRow[]> {
  const [neurons, records] = await Promise.all([client.neurons(), client.commitments()]);
  return joinCommitments(neurons, records);
}
