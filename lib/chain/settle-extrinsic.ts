// Settles a signed extrinsic whose outcome the client lost (the socket dropped
// after it was sent, or no block came in time) by reading the chain back: a
// block that holds its hash means it landed (with its dispatch result); the
// signer's nonce moved past it without it means it never will; otherwise the
// very same signed bytes are handed to the pool once more (same nonce, so it
// can land at most once) and the chain is read again until the deadline.
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import { NaschainError } from '../core/errors.js';
import type { Inclusion } from './client.js';
import { capText } from './node-text.js';

export interface Lost {
  what: string;
  tx: SubmittableExtrinsic<'promise'>;
  address: string;
  /** Best block before signing: the extrinsic cannot be in an earlier one. */
  fromBlock: number;
  /** Why the outcome was lost, for the messages. */
  why: string;
}

/** Words of a failure of the socket, not of the node's judgement. */
export function isConnectionError(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /disconnected|not connected|Abnormal Closure|WebSocket|socket hang up|ECONNRESET|ECONNREFUSED|1006/i.test(msg);
}

type Found = { ok: Inclusion } | { failed: string };

/** Scans blocks [from, best] for the extrinsic; returns where it is and how it went, else undefined. */
async function findInBlocks(api: ApiPromise, txHash: string, from: number, explain: (e: DispatchError) => string): Promise<{ found?: Found; next: number }> {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = from; n <= best; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const block = await api.rpc.chain.getBlock(hash);
    const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash);
    if (index < 0) continue;
    const blockHash = hash.toHex();
    const events = await (await api.at(hash)).query.system!.events!();
    for (const { phase, event } of events as unknown as Iterable<{ phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } }; event: { section: string; method: string; data: unknown[] } }>) {
      if (!phase.isApplyExtrinsic || phase.asApplyExtrinsic.toNumber() !== index) continue;
      if (event.section === 'system' && event.method === 'ExtrinsicFailed') {
        return { found: { failed: `in block ${blockHash}: ${explain(event.data[0] as DispatchError)}` }, next: n + 1 };
      }
    }
    return { found: { ok: { blockHash, blockNumber: n, txHash } }, next: n + 1 };
  }
  return { next: best + 1 };
}

export async function settleLost(api: ApiPromise, lost: Lost, settleMs: number, explain: (e: DispatchError) => string): Promise<Inclusion> {
  const { what, tx, address, why } = lost;
  const txHash = tx.hash.toHex();
  const nonce = tx.nonce.toNumber();
  const deadline = Date.now() + settleMs;
  let next = lost.fromBlock;
  let resent = false;
  let lastError = '';
  while (Date.now() < deadline) {
    if (api.isConnected) {
      try {
        // Nonce first: if it has moved and the blocks scanned after do not hold ours, another extrinsic took the nonce.
        const nonceNow = (await api.rpc.system.accountNextIndex(address)).toNumber();
        const scan = await findInBlocks(api, txHash, next, explain);
        next = scan.next;
        if (scan.found && 'ok' in scan.found) return scan.found.ok;
        if (scan.found) throw new NaschainError('INVALID', `${what} failed on chain ${scan.found.failed} (found by reading the chain back after ${why})`);
        if (nonceNow > nonce) {
          throw new NaschainError('NETWORK', `${what}: ${why}; read back from the chain: it did not land (nonce ${nonce} of ${address} was used by another extrinsic), nothing was written`);
        }
        if (!resent) {
          resent = true;
          // The same signed bytes: the pool takes them once, or says it already has them.
          await api.rpc.author.submitExtrinsic(tx).catch((e: unknown) => {
            if (isConnectionError(e)) resent = false;
          });
        }
      } catch (e) {
        if (e instanceof NaschainError) throw e;
        if (!isConnectionError(e)) lastError = capText(e instanceof Error ? e.message : String(e));
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new NaschainError('NETWORK', `${what}: outcome unknown: ${why}, and within ${settleMs / 1000} s of reading the chain back it was in no block from ${lost.fromBlock} and its nonce ${nonce} was unused${lastError ? ` (last read error: ${lastError})` : ''}; it may still land, so check the chain before sending again`);
}
