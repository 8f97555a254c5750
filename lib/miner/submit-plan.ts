// `naschain submit --dry-run`: every check a real submit makes before it
// writes anything, and what it would then do, with nothing uploaded and
// nothing committed. Reads only: the local folder and its resume state, the
// hotkey's UID and commitment space on chain, the commitment it holds now,
// and (when a probe is given) who the Hugging Face token belongs to.
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { ChainClient } from '../chain/client.js';
import { commitmentField, spaceFor } from '../chain/commitment-data.js';
import { formatCommitment } from '../chain/commitment-string.js';
import type { Hotkey } from '../chain/wallet.js';
import { canWriteNamespace, type HubIdentity } from '../hub/hf-whoami.js';
import { hashModelDirDetailed } from '../hub/model-hash.js';
import { readState, requireRegistered, SUBMIT_STATE_FILE, type SubmitRequest } from './submit-model.js';

export interface PlanStep {
  step: 'upload' | 'commit' | 'public';
  /** Finished by an earlier, interrupted submit of the same files: a real submit skips it. */
  done: boolean;
  detail: string;
}

export interface SubmitPlan {
  repo: string;
  hotkey: string;
  uid: number;
  /** The hash validators will compute (the local folder's; the upload is checked against it). */
  hash: string;
  files: string[];
  /** The text to commit; `<commit>` stands for the sha the upload will create when it is not known yet. */
  commitment: string;
  /** The Hub account the token belongs to, or why it was not asked. */
  hub: { name: string; role: string | null } | { skipped: string };
  steps: PlanStep[];
}

export interface PlanDeps {
  client: ChainClient;
  hotkey: Hotkey;
  /** Asks the Hub who the token is; omitted when the store cannot be asked. */
  hubIdentity?: () => Promise<HubIdentity>;
}

/** A 40-hex stand-in for the commit sha, so the commitment's size is the real one. */
const COMMIT_PLACEHOLDER = '<commit>';
const SHA_LENGTH = 40;

export async function planSubmission(req: Omit<SubmitRequest, 'card'>, deps: PlanDeps): Promise<SubmitPlan> {
  const { client, hotkey } = deps;
  const repo = `${req.repo.namespace}/${req.repo.name}`;
  const { hash, files } = await hashModelDirDetailed(req.dir);
  const prev = readState(join(req.dir, SUBMIT_STATE_FILE));
  const state = prev && prev.localHash === hash && prev.repo === repo ? prev : undefined;

  const uid = await requireRegistered(client, hotkey);
  let hub: SubmitPlan['hub'] = { skipped: 'no Hub probe' };
  if (deps.hubIdentity) {
    const me = await deps.hubIdentity();
    if (!canWriteNamespace(me, req.repo.namespace)) {
      throw new NaschainError('AUTH', `the Hugging Face token belongs to ${me.name}${me.orgs.length ? ` (orgs ${me.orgs.join(', ')})` : ''} with role ${me.role ?? 'unknown'}; it cannot create ${repo}: expected a write token of ${req.repo.namespace}`);
    }
    hub = { name: me.name, role: me.role };
  }
  const uploaded = Boolean(state?.commit && state.hash);
  const commit = uploaded ? (state?.commit as string) : COMMIT_PLACEHOLDER;
  const commitment = formatCommitment({ namespace: req.repo.namespace, name: req.repo.name, commit, hash, learningRate: req.learningRate });
  const sized = uploaded ? commitment : commitment.replace(COMMIT_PLACEHOLDER, '0'.repeat(SHA_LENGTH));
  const committed = (state?.block !== undefined && state.commitment === commitment) || (uploaded && (await client.commitmentOf(hotkey.address))?.text === commitment);
  if (!committed) {
    const need = spaceFor(commitmentField(sized).bytes.length);
    const space = await client.commitmentSpace(hotkey.address);
    if (space.used + need > space.max) {
      throw new NaschainError('LIMIT', `commitment needs ${need} bytes of space but hotkey ${hotkey.address} has used ${space.used} of ${space.max} this epoch (${space.epoch}); wait for the next epoch`);
    }
  }
  const steps: PlanStep[] = [
    { step: 'upload', done: uploaded, detail: uploaded ? `already uploaded: ${repo}@${commit}` : `would upload ${files.length} files and a model card to ${repo} (private), then download them back and check the hash ${hash}` },
    { step: 'commit', done: committed, detail: committed ? `already committed on chain${state?.block !== undefined ? ` at block ${state.block}` : ''}` : `would commit ${commitment} with hotkey ${hotkey.address} (uid ${uid}) on subnet ${client.netuid}` },
    { step: 'public', done: Boolean(state?.public), detail: state?.public ? `${repo} is already public` : `would make ${repo} public ${Math.round(req.publicDelayMs / 1000)} s after the commitment` },
  ];
  return { repo, hotkey: hotkey.address, uid, hash, files, commitment, hub, steps };
}
