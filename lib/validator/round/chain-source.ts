// The network source: every UID of the subnet's metagraph with its hotkey's
// commitment (block and extrinsic index), parsed into a submission keyed by
// (uid, commit, hash); fetchModel sizes the repo at the pinned commit through
// the ModelStore, downloads it there and checks the committed hash.
//
// Nothing here throws for one UID: no commitment, one that does not parse or
// pins nothing, a repo too large, a hash mismatch are refusals or rejections
// with a reason. A download that may succeed later (network, 5xx, timeout, a
// repo still private) is a 'fetch-failed' rejection, which the service
// forgets before the next round (TRANSIENT_REASONS). Only the metagraph and
// commitment reads themselves throw: without them there is no round.
import { NaschainError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { ChainClient } from '../../chain/client.js';
import { joinCommitments, type CommitmentRow } from '../../chain/subnet-commitments.js';
import type { ModelStore } from '../../hub/model-store.js';
import type { ModelRef } from '../../hub/model-ref.js';
import { reject, type RejectReason } from '../reject-reasons.js';
import { SUBMISSION_KIND, SUBMISSION_VERSION, type Submission } from '../submission.js';
import { oneLine } from './evaluate-submission.js';
import type { AcceptedSubmission, FetchedModel, SourcedSubmission, SubmissionSource } from './submission-source.js';

/** What the source reads from the chain. */
export type ChainReader = Pick<ChainClient, 'endpoint' | 'netuid' | 'neurons' | 'commitments' | 'commitmentExtrinsicIndex'>;

/**
 * Upstream's placeholder extrinsic index (np.iinfo(np.int32).max), used when the
 * block cannot be read: such a UID loses a same-block tie to any UID whose
 * index is known, and ties with the others as upstream's code does.
 */
export const UNKNOWN_EXTRINSIC_INDEX = 2_147_483_647;

export interface ChainSourceOptions {
  chain: ChainReader;
  models: Pick<ModelStore, 'list' | 'fetch'>;
  /** The validation config's maxDownloadBytes (summed over every file of the repo at the commit). */
  maxDownloadBytes: number;
  log?: Logger;
}

/** Milliseconds spent, since the source was made (the service takes differences per round). */
export interface ChainSourceTimings {
  chainMs: number;
  downloadMs: number;
  downloads: number;
}

export class ChainSource implements SubmissionSource {
  readonly description: string;
  readonly timings: ChainSourceTimings = { chainMs: 0, downloadMs: 0, downloads: 0 };
  /** Extrinsic index per "hotkey@block": a commitment's block never changes, so it is read once. */
  private readonly indexes = new Map<string, number>();

  constructor(private readonly options: ChainSourceOptions) {
    this.description = `subnet ${options.chain.netuid} on ${options.chain.endpoint}`;
  }

  async list(): Promise<SourcedSubmission[]> {
    const t0 = performance.now();
    try {
      const { chain } = this.options;
      const [neurons, records] = await Promise.all([chain.neurons(), chain.commitments()]);
      const out: SourcedSubmission[] = [];
      for (const row of joinCommitments(neurons, records)) out.push(await this.entryOf(row));
      return out;
    } finally {
      this.timings.chainMs += performance.now() - t0;
    }
  }

  private async entryOf(row: CommitmentRow): Promise<SourcedSubmission> {
    const name = `uid-${row.uid}`;
    const refuse = (reason: RejectReason, message: string): SourcedSubmission => ({ ok: false, name, uid: row.uid, reason, message });
    const c = row.commitment;
    if (row.block === null) return refuse('no-commitment', `uid ${row.uid} (${row.hotkey}): no commitment on chain`);
    if (!c) return refuse('bad-commitment', `uid ${row.uid}: commitment ${JSON.stringify((row.text ?? '').slice(0, 80))} at block ${row.block} does not parse: ${row.reason}`);
    if (c.commit === null) return refuse('bad-commitment', `uid ${row.uid}: commitment at block ${row.block} has commit None, expected the 40-hex Hugging Face commit the model is pinned to`);
    if (c.hash === null) return refuse('bad-commitment', `uid ${row.uid}: commitment at block ${row.block} has hash None, expected the model hash to check the download against`);
    const submission: Submission = {
      kind: SUBMISSION_KIND, version: SUBMISSION_VERSION, uid: row.uid, hotkey: row.hotkey, block: row.block,
      extrinsicIndex: await this.extrinsicIndex(row.hotkey, row.block), learningRate: c.learningRate,
      repo: `${c.namespace}/${c.name}`, commit: c.commit, hash: c.hash,
    };
    return { ok: true, name, submission, key: { uid: row.uid, commit: c.commit, hash: c.hash } };
  }

  private async extrinsicIndex(hotkey: string, block: number): Promise<number> {
    const k = `${hotkey}@${block}`;
    const known = this.indexes.get(k);
    if (known !== undefined) return known;
    try {
      const i = await this.options.chain.commitmentExtrinsicIndex(hotkey, block);
      if (i !== null) {
        this.indexes.set(k, i);
        return i;
      }
      this.options.log?.warn(`block ${block} holds no set_commitment of ${hotkey}; its extrinsic index counts as unknown`);
    } catch (e) {
      this.options.log?.warn(`cannot read block ${block} for the extrinsic index of ${hotkey}'s commitment (${oneLine(e)}); counted as unknown this round`);
    }
    return UNKNOWN_EXTRINSIC_INDEX;
  }

  async fetchModel(entry: AcceptedSubmission): Promise<FetchedModel> {
    const t0 = performance.now();
    try {
      return await this.download(entry);
    } finally {
      this.timings.downloadMs += performance.now() - t0;
      this.timings.downloads++;
    }
  }

  private async download(entry: AcceptedSubmission): Promise<FetchedModel> {
    const s = entry.submission;
    const [namespace, name] = s.repo.split('/') as [string, string];
    const ref: ModelRef = { namespace, name, commit: s.commit ?? '' };
    const label = `uid ${s.uid}: ${s.repo}@${s.commit}`;
    const { models, maxDownloadBytes } = this.options;
    let listing;
    try {
      listing = await models.list(ref);
    } catch (e) {
      return failure(label, 'listing', e);
    }
    if (listing.totalBytes > maxDownloadBytes) {
      return reject('download-limit', `${label}: the repo holds ${listing.totalBytes} bytes at that commit, expected at most ${maxDownloadBytes}; not downloaded`);
    }
    if (!listing.files.some((f) => f.path === 'model.json')) {
      return reject('missing-model-json', `${label}: no model.json at the repo root (files: ${listing.files.map((f) => f.path).slice(0, 8).join(', ') || 'none'})`);
    }
    let fetched;
    try {
      fetched = await models.fetch(ref, { maxBytes: maxDownloadBytes });
    } catch (e) {
      return failure(label, 'download', e);
    }
    if (fetched.hash !== s.hash) {
      return reject('hash-mismatch', `${label}: the downloaded files hash to ${fetched.hash}, the commitment says ${s.hash}`);
    }
    return { ok: true, dir: fetched.dir };
  }
}

/** Over-limit and corrupt repos are the model's fault (remembered); anything else may pass next round. */
function failure(label: string, step: string, e: unknown): FetchedModel {
  const why = oneLine(e);
  if (e instanceof NaschainError && e.code === 'LIMIT') return reject('download-limit', `${label}: ${why}`);
  if (e instanceof NaschainError && e.code === 'CORRUPT') return reject('bad-repo', `${label}: ${why}`);
  return reject('fetch-failed', `${label}: ${step} failed, retried next round (${why})`);
}
