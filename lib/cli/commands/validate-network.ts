// `naschain validate` on the network: load the hotkey, connect, refuse at once
// (one line) a hotkey that cannot set weights there, then run the validator
// service (lib/validator/service) over the chain + Hugging Face source.
//
// Signals: SIGINT/SIGTERM while waiting between rounds stop at once; during
// the weights step the extrinsic in flight is allowed to finish; during
// scoring the round is abandoned (what is finished is already in the SQLite
// state). Either way the process says what was saved and exits 130 (SIGINT)
// or 143 (SIGTERM); a second signal exits at once.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { loadDataset } from '../../data/load-dataset.js';
import { HfModelStore } from '../../hub/hf-model-store.js';
import { RevealStore } from '../../chain/weights-commit.js';
import { weightsVersionKey } from '../../score/weights.js';
import { StateStore } from '../../validator/state-store.js';
import { ChainSource } from '../../validator/round/chain-source.js';
import { RetrainJournal, formatRoundTable, guardStateConfig } from '../../validator/round/index.js';
import { checkValidator } from '../../validator/service/weights-step.js';
import { readRoundLines } from '../../validator/service/round-files.js';
import { ValidatorService } from '../../validator/service/validator-service.js';
import { UsageError } from '../../core/errors.js';
import { createContext } from '../context.js';
import { backendLine } from './metrics-text.js';
import { roundRunnerOf } from './round-runner-flags.js';
import type { RoundJobRunner } from '../../validator/round/round-jobs.js';
import type { DeadlinePolicy } from '../../validator/round/job-deadlines.js';
import { chainTimeoutMs, loadChain, targetOf } from './chain.js';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ValidateArgs } from './validate.js';

/**
 * The validator version whose weights version key we send (1000*major +
 * 10*minor + patch): upstream NASChain's, whose scoring this implements, so a
 * subnet that raised WeightsVersionKey to upstream's accepts our weights.
 */
export const UPSTREAM_VALIDATOR_VERSION = '2.0.12';

export const PENDING_REVEALS_FILE = 'pending-reveals.json';

/** Seconds between reads of the best block while waiting for the next round. */
export const DEFAULT_POLL_S = 12;

export async function validateNetwork(args: ValidateArgs, config: ValiConfig): Promise<void> {
  for (const flag of ['min-allowed-weights', 'max-weight-limit', 'subnet-size', 'report'] as const) {
    const camel = flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as 'minAllowedWeights' | 'maxWeightLimit' | 'subnetSize' | 'report';
    if (args[camel] !== undefined) throw new UsageError(`--${flag} applies to --local only; on the network the chain's value is used (the report is written to <state>/report.html)`);
  }
  if (args.retrain === false) throw new UsageError('--no-retrain applies to --local only: on the network the retrain is the leak guard and always runs');
  const ctx = createContext(args);
  const log = ctx.log;
  const chain = await loadChain();
  const hotkey = await chain.loadHotkey(chain.resolveWalletLocation({ path: args.wallet?.path, name: args.wallet?.name, hotkey: args.wallet?.hotkey }));
  const client = await chain.connectSubtensor(targetOf(args), { timeoutMs: chainTimeoutMs(args), log });
  let store: StateStore | undefined;
  let runner: RoundJobRunner | undefined;
  let deadlines: DeadlinePolicy | undefined;
  try {
    const me = await checkValidator(client, hotkey);
    log.info(`validator ${hotkey.address}: uid ${me.uid} on subnet ${client.netuid} at ${client.endpoint} (block ${me.subnet.block}, tempo ${me.subnet.hyperparams.tempo}, commit-reveal ${me.subnet.hyperparams.commitRevealEnabled ? 'on' : 'off'})`);
    const backend = await initBackend(args.backend as BackendRequest, log);
    log.info(backendLine(backend));
    const dataset = await loadDataset(config.dataset, { dataDir: args.dataDir, log });
    guardStateConfig(args.state, config, backend.name);
    store = StateStore.open(args.state);
    ({ runner, deadlines } = await roundRunnerOf(args, backend, dataset, config, log));
    log.info(`jobs: ${runner.description}`);
    const models = new HfModelStore({
      cacheDir: args.cacheDir ?? join(homedir(), '.cache', 'naschain', 'models'),
      maxDownloadBytes: config.maxDownloadBytes,
      ...(args.hfEndpoint ? { hubUrl: args.hfEndpoint } : {}),
    });
    const source = new ChainSource({ chain: client, models, maxDownloadBytes: config.maxDownloadBytes, log });
    const service = new ValidatorService(
      {
        client, hotkey, source, store, journal: new RetrainJournal(args.state), reveals: new RevealStore(join(args.state, PENDING_REVEALS_FILE)),
        dataset, config, backend: backend.name, runner, deadlines, stateDir: args.state, versionKey: BigInt(weightsVersionKey(UPSTREAM_VALIDATOR_VERSION)), log,
      },
      { once: args.once, intervalBlocks: args.interval ?? null, pollMs: (args.poll ?? DEFAULT_POLL_S) * 1000 },
    );
    const openStore = store;
    const saved = () => `saved in ${args.state}: ${openStore.listResults().length} model result(s) in validator.sqlite, ${new RetrainJournal(args.state).read().length} retrain journal line(s), ${readRoundLines(args.state).length} round line(s) in rounds.jsonl`;
    let signalled: NodeJS.Signals | null = null;
    const onSignal = (sig: NodeJS.Signals) => {
      const code = sig === 'SIGINT' ? 130 : 143;
      if (signalled) process.exit(code);
      signalled = sig;
      if (service.phase === 'weights') {
        log.warn(`${sig}: letting the weights extrinsic in flight finish, then stopping (a second signal exits at once)`);
        service.stop();
      } else if (service.phase === 'chain' || service.phase === 'scoring') {
        log.warn(`${sig}: abandoning round ${service.rounds.length + 1} during ${service.phase}; ${saved()}; a restart resumes from them and redoes nothing finished`);
        openStore.close();
        process.exit(code);
      } else {
        service.stop();
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await service.run();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (signalled) {
      log.warn(`${signalled}: stopped after ${service.rounds.length} round(s); ${saved()}`);
      store.close();
      await client.close();
      process.exit(signalled === 'SIGINT' ? 130 : 143);
    }
    const last = service.rounds.at(-1);
    if (last) ctx.emit({ round: last.line, result: last.result }, `${formatRoundTable(last.result)}\n${describeSet(last.line.set)}`);
  } finally {
    await runner?.close();
    store?.close();
    await client.close();
  }
}

function describeSet(set: { ok: boolean } & Record<string, unknown>): string {
  if (!set.ok) return `weights: not set (${String(set.error)})`;
  const where = set.block === null ? '' : ` in block ${String(set.block)}`;
  return set.mode === 'set' ? `weights: set${where}` : `weights: committed${where}, revealed in epoch ${String(set.revealEpoch)}`;
}
