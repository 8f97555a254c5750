// The miner's submission, step by step as NASChain expects it: check the model
// as a validator would, upload it to a private repo, download it back and hash
// it, commit `namespace:name:commit:hash:lr` on chain with the hotkey, wait,
// then make the repo public. The hotkey's registration is checked before the
// upload. Each finished step is written to a small state
// file so that a killed submit resumes instead of uploading or committing twice.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crashPoint, CRASH_POINTS } from '../core/crash-point.js';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ModelStore } from '../hub/model-store.js';
import type { ModelCard } from '../hub/model-card.js';
import type { RepoName } from '../hub/model-ref.js';
import { hashModelDir } from '../hub/model-hash.js';
import type { ChainClient } from '../chain/client.js';
import type { Hotkey } from '../chain/wallet.js';
import { formatCommitment } from '../chain/commitment-string.js';
import { publishCommitment } from '../chain/publish-commitment.js';

export const SUBMIT_STATE_KIND = 'naschain/submit-state';
export const SUBMIT_STATE_VERSION = 1;
/** Hidden, so neither the model hash nor the upload includes it. */
export const SUBMIT_STATE_FILE = '.naschain-submit.json';

export interface SubmitState {
  kind: typeof SUBMIT_STATE_KIND;
  version: number;
  /** hashModelDir of the local folder when the submission started; a change starts over. */
  localHash: string;
  repo: string;
  commit?: string;
  /** Hash of the files downloaded back from the repo at `commit`. */
  hash?: string;
  commitment?: string;
  block?: number;
  public?: boolean;
}

export interface SubmitRequest {
  dir: string;
  repo: RepoName;
  learningRate: number | null;
  card?: ModelCard;
  /** How long the repo stays private after the commitment's block (upstream: about 60 s). */
  publicDelayMs: number;
}

export interface SubmitDeps {
  store: ModelStore;
  client: ChainClient;
  hotkey: Hotkey;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface SubmitOutcome {
  repo: string;
  commit: string;
  hash: string;
  commitment: string;
  block: number;
  /** Steps skipped because an earlier, interrupted submit had finished them. */
  resumed: string[];
}

/** The hotkey's UID on the client's subnet; AUTH naming the hotkey and subnet when it has none. */
export async function requireRegistered(client: ChainClient, hotkey: Hotkey): Promise<number> {
  const uid = await client.uidOf(hotkey.address);
  if (uid === null) throw new NaschainError('AUTH', `hotkey ${hotkey.address} is not registered on subnet ${client.netuid}; register it first (btcli subnet register --netuid ${client.netuid}); nothing was uploaded or committed`);
  return uid;
}

export function readState(path: string): SubmitState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const s = JSON.parse(text) as SubmitState;
    if (s.kind === SUBMIT_STATE_KIND && s.version === SUBMIT_STATE_VERSION) return s;
  } catch {
    // A torn or foreign file: start over rather than trust it.
  }
  return undefined;
}

function writeState(path: string, state: SubmitState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, path);
}

export async function submitModel(req: SubmitRequest, deps: SubmitDeps): Promise<SubmitOutcome> {
  const { store, client, hotkey, log } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const repo = `${req.repo.namespace}/${req.repo.name}`;
  const statePath = join(req.dir, SUBMIT_STATE_FILE);
  const localHash = await hashModelDir(req.dir);
  const previous = readState(statePath);
  let state: SubmitState =
    previous && previous.localHash === localHash && previous.repo === repo
      ? previous
      : { kind: SUBMIT_STATE_KIND, version: SUBMIT_STATE_VERSION, localHash, repo };
  const resumed: string[] = [];

  // Before anything leaves the machine: the chain takes commitments only from
  // registered hotkeys, and an upload nobody can commit is a leak, not a submission.
  await requireRegistered(client, hotkey);
  if (state.commit && state.hash) {
    resumed.push('upload');
    log.info(`already uploaded: ${repo}@${state.commit}`);
  } else {
    log.info(`uploading ${req.dir} to ${repo} (private)...`);
    const up = await store.upload(req.dir, req.repo, req.card ? { card: req.card } : {});
    // Hash what the repo really holds at that commit, as a validator will.
    const back = await store.fetch(up.ref);
    if (back.hash !== localHash) {
      throw new NaschainError('CORRUPT', `upload to ${repo}@${up.ref.commit}: the files downloaded back hash to ${back.hash}, the local folder to ${localHash}; not committing on chain`);
    }
    state = { ...state, commit: up.ref.commit, hash: back.hash };
    crashPoint(CRASH_POINTS.submitUploaded);
    writeState(statePath, state);
    log.info(`uploaded ${repo}@${up.ref.commit}, hash ${back.hash}`);
  }
  const commit = state.commit as string;
  const hash = state.hash as string;
  const commitment = formatCommitment({ namespace: req.repo.namespace, name: req.repo.name, commit, hash, learningRate: req.learningRate });

  if (state.block !== undefined && state.commitment === commitment) {
    resumed.push('commit');
    log.info(`already committed on chain at block ${state.block}`);
  } else {
    const mine = await client.commitmentOf(hotkey.address);
    if (mine && mine.text === commitment) {
      // Committed by a run that died before writing its state: do not pay for it twice.
      state = { ...state, commitment, block: mine.block };
      resumed.push('commit');
    } else {
      log.info(`committing ${commitment} with hotkey ${hotkey.address}...`);
      const inc = await publishCommitment(client, hotkey, commitment);
      state = { ...state, commitment, block: inc.blockNumber };
      crashPoint(CRASH_POINTS.submitCommitted);
      log.info(`committed at block ${inc.blockNumber} (${inc.variant})`);
    }
    writeState(statePath, state);
  }

  if (state.public) {
    resumed.push('public');
  } else {
    if (req.publicDelayMs > 0) {
      log.info(`waiting ${Math.round(req.publicDelayMs / 1000)} s before making ${repo} public...`);
      await sleep(req.publicDelayMs);
    }
    await store.makePublic(req.repo);
    state = { ...state, public: true };
    writeState(statePath, state);
    log.info(`${repo} is public`);
  }
  return { repo, commit, hash, commitment, block: state.block as number, resumed };
}
