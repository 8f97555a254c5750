// The validator as a service: a round, weights, then wait until the chain is
// `interval` blocks past the round's start (the subnet's tempo by default) and
// go again; or one round with `once`. A round that fails as a whole (the chain
// unreachable for its reads) is logged and tried again at the next interval;
// only --once turns a failure into the run's error.
//
// Stopping: stop() asks the loop to end. While waiting it ends at once; while
// a round runs, the caller (the CLI's signal handler) chooses between letting
// the step finish (the weights extrinsic) and abandoning it (scoring: every
// finished evaluation and retrain is already in the SQLite state, so a
// restart resumes there). `phase` says which step is running.
import { NaschainError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { ChainClient } from '../../chain/client.js';
import { revealDue } from '../../chain/set-weights.js';
import type { RevealStore } from '../../chain/weights-commit.js';
import type { Hotkey } from '../../chain/wallet.js';
import { oneLine } from '../round/evaluate-submission.js';
import { runNetworkRound, type NetworkRoundDeps, type NetworkRoundOutcome, type RoundPhase } from './network-round.js';

export type ServicePhase = 'starting' | RoundPhase | 'waiting' | 'stopped';

export interface ServiceOptions {
  once: boolean;
  /** Blocks from one round's start to the next; null: the subnet's tempo, read each round. */
  intervalBlocks: number | null;
  /** How often the best block is read while waiting (ms; ~ one block time on the network). */
  pollMs: number;
}

/** Thrown out of a wait when stop() was called; the loop ends quietly. */
class Stopped extends Error {}

export class ValidatorService {
  phase: ServicePhase = 'starting';
  /** Rounds finished by this process (each has its line in rounds.jsonl). */
  readonly rounds: NetworkRoundOutcome[] = [];
  private stopRequested = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly deps: Omit<NetworkRoundDeps, 'waitForBlock' | 'onPhase'> & { client: ChainClient; hotkey: Hotkey; reveals: RevealStore; log?: Logger },
    private readonly options: ServiceOptions,
  ) {}

  get stopping(): boolean {
    return this.stopRequested;
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Runs until stop() (or after one round with `once`). Throws only with `once`. */
  async run(): Promise<void> {
    const { log, client } = this.deps;
    for (let round = 1; !this.stopRequested; round++) {
      let startBlock: number | null = null;
      try {
        startBlock = await client.blockNumber();
        const outcome = await runNetworkRound({ ...this.deps, waitForBlock: (b) => this.waitForBlock(b), onPhase: (p) => { this.phase = p; } }, round);
        this.rounds.push(outcome);
        if (this.options.once && outcome.weightsError) throw outcome.weightsError;
      } catch (e) {
        if (e instanceof Stopped) break;
        if (this.options.once) throw e;
        log?.warn(`round ${round} failed: ${oneLine(e)}; the next round tries again`);
      }
      if (this.options.once || this.stopRequested) break;
      this.phase = 'waiting';
      // A failed read while waiting is retried; it never starts the next round early.
      let next: number | null = null;
      while (!this.stopRequested) {
        try {
          if (next === null) {
            const interval = this.options.intervalBlocks ?? (await client.subnet()).hyperparams.tempo;
            next = (startBlock ?? (await client.blockNumber())) + Math.max(1, interval);
            log?.info(`next round at block ${next} (every ${interval} blocks)`);
          }
          await this.waitForBlock(next);
          break;
        } catch (e) {
          if (e instanceof Stopped) break;
          log?.warn(`waiting for the next round: ${oneLine(e)}; trying again in ${Math.round(this.options.pollMs / 1000)} s`);
          await this.sleep(this.options.pollMs).catch(() => undefined);
        }
      }
    }
    this.phase = 'stopped';
  }

  /** Polls the best block until it reaches `block`, revealing due weight commits meanwhile. */
  private async waitForBlock(block: number): Promise<void> {
    const { client, hotkey, reveals, log } = this.deps;
    for (;;) {
      if (this.stopRequested) throw new Stopped();
      const now = await client.blockNumber();
      if (now >= block) return;
      if (reveals.list().some((r) => r.netuid === client.netuid && r.hotkey === hotkey.address)) {
        await revealDue(client, hotkey, reveals, log).catch((e: unknown) => {
          if (e instanceof NaschainError) log?.warn(`revealing weights: ${e.message}`);
          else throw e;
        });
      }
      await this.sleep(this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); this.wake = null; reject(new Stopped()); };
    });
  }
}
