// `naschain submit <model-dir> --repo ns/name`: check the model as a validator
// would (the same pre-flight as `naschain check`), refuse what validators
// reject or would never put on the front, then upload it privately, hash what
// the Hub holds, commit it on chain with the hotkey (whose registration is
// checked before the upload), and make the repo public. Resumable (see
// lib/miner/submit-model.ts); --dry-run does every check and writes nothing.
import type { Argv, CommandModule } from 'yargs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NaschainError, UsageError } from '../../core/errors.js';
import { HfModelStore } from '../../hub/hf-model-store.js';
import { hubIdentity } from '../../hub/hf-whoami.js';
import { HF_TOKEN_SOURCES } from '../../hub/hf-token.js';
import { parseRepoId } from '../../hub/model-ref.js';
import { readState, submitModel, SUBMIT_STATE_FILE } from '../../miner/submit-model.js';
import { planSubmission } from '../../miner/submit-plan.js';
import { modelCardFor } from '../../miner/model-card-for.js';
import { createContext } from '../context.js';
import { MAX_TIMER_S, numberOption } from '../flag-value.js';
import { exitOnInterrupt } from '../interrupt.js';
import { pathOption } from '../path-value.js';
import { chainOptions, chainTimeoutMs, loadChain, targetOf, type ChainArgs } from './chain.js';
import { modelSetup, preflightText, runPreflight } from './model-preflight.js';

/** setTimeout's limit (2^31 - 1 ms, about 24.8 days): a longer delay would fire at once. */
export const MAX_PUBLIC_DELAY_S = MAX_TIMER_S;
const PUBLIC_DELAY_SPEC = { integer: false, min: 0, max: MAX_PUBLIC_DELAY_S, unit: "seconds; setTimeout's limit, about 24.8 days" } as const;
const DEFAULT_PUBLIC_DELAY_S = 60;

interface SubmitArgs extends ChainArgs {
  dir: string;
  repo: string;
  lr?: string;
  dataset?: string;
  config?: string;
  dataDir?: string;
  force: boolean;
  dryRun: boolean;
  'public-delay'?: number;
  'hf-endpoint'?: string;
  'cache-dir'?: string;
}

/** What an interrupted submit has done so far (its state file), and how to finish. */
function submitSaved(dir: string): string {
  const state = readState(join(dir, SUBMIT_STATE_FILE));
  const done = [
    state?.commit ? `uploaded ${state.repo}@${state.commit}` : undefined,
    state?.block !== undefined ? `committed on chain at block ${state.block}` : undefined,
    state?.public ? 'made public' : undefined,
  ].filter((x): x is string => x !== undefined);
  const steps = done.length ? `done so far: ${done.join(', ')} (in ${join(dir, SUBMIT_STATE_FILE)})` : 'nothing finished yet';
  return `${steps}; run the same command again to finish: finished steps are not repeated, and a commitment that landed is found on chain`;
}

export const submitCommand: CommandModule<ChainArgs, SubmitArgs> = {
  command: 'submit <dir>',
  describe: 'Check a model as a validator would, upload it to Hugging Face and commit it on chain',
  builder: (y) =>
    chainOptions(y)
      .positional('dir', { ...pathOption('model folder', 'folder', 'a folder with model.json and weight shards', 'tfjs model folder (model.json + weight shards; metrics.json from search or train --out)'), demandOption: true })
      .option('repo', { type: 'string', demandOption: true, describe: 'Hugging Face model repo, namespace/name (created private)' })
      .option('lr', { type: 'string', describe: "Learning rate to commit (validators retrain with it), or 'none' to commit none (default: the model's metrics.json's; one of them is required)" })
      .option('dataset', { type: 'string', describe: "Dataset the model was trained for (default: the model's metrics.json's; one of them is required)" })
      .option('config', pathOption('--config', 'file', 'a validation config JSON file', "Validation config JSON to check with (default: the dataset's preset; upstream's is cifar100)"))
      .option('data-dir', pathOption('--data-dir', 'folder', 'a folder holding the dataset files', 'Folder holding the dataset files (the check measures test accuracy)'))
      .option('force', { type: 'boolean', default: false, describe: 'Submit even below the minimum accuracy (a warning); never overrides the integrity checks' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Every check (model, hotkey registration, commitment space, Hub token), then say what it would do; uploads and commits nothing' })
      .option('public-delay', numberOption('public-delay', PUBLIC_DELAY_SPEC, `Seconds the repo stays private after the commitment (default ${DEFAULT_PUBLIC_DELAY_S})`))
      .option('hf-endpoint', { type: 'string', describe: `Hub URL (default https://huggingface.co); token from ${HF_TOKEN_SOURCES}` })
      .option('cache-dir', pathOption('--cache-dir', 'new-folder', 'a folder for the download cache', 'Download cache (default ~/.cache/naschain/models)'))
      .example('$0 submit runs/macro-cifar100-seed0/front/01-3f2a9c1b7d4e --repo alice/tiny-net --wallet.name miner --wallet.hotkey default', 'A front model of a search: dataset and lr from its metrics.json')
      .example('$0 submit ./my-model --repo alice/tiny-net --dataset cifar100 --lr 0.025 --dry-run', 'Every check, nothing uploaded or committed')
      .epilogue('A killed submit resumes: run the same command again; finished steps (upload, commit, public) are not repeated.') as unknown as Argv<SubmitArgs>,
  handler: async (args) => {
    const ctx = createContext(args);
    let repo;
    try {
      repo = parseRepoId(args.repo);
    } catch (e) {
      throw new UsageError(`--repo: ${(e as Error).message}`);
    }
    const delay = args['public-delay'] ?? DEFAULT_PUBLIC_DELAY_S;
    const setup = modelSetup({ ...args, epochs: undefined }, true);
    const learningRate = setup.learningRate ?? null;

    // Refuse here what every validator would reject, before anything is public or paid for.
    const { report } = await runPreflight({ ...args, epochs: undefined }, setup, false, ctx.log);
    for (const line of preflightText(report, setup).split('\n')) ctx.log.info(line);
    if (report.rejection) {
      throw new NaschainError('INVALID', `model folder ${args.dir}: validators would reject it (${report.rejection.reason}): ${report.rejection.message}; not submitted`);
    }
    if (!report.candidate) {
      const why = report.notCandidate.join('; ');
      if (!args.force) throw new NaschainError('INVALID', `model folder ${args.dir}: ${why}: validators would score it but never reward it; not submitted (--force submits it anyway)`);
      ctx.log.warn(`--force: submitting although ${why}; it earns nothing unless the config changes`);
    }

    const chain = await loadChain();
    const hotkey = await chain.loadHotkey(chain.resolveWalletLocation({ path: args.wallet?.path, name: args.wallet?.name, hotkey: args.wallet?.hotkey }));
    const client = await chain.connectSubtensor(targetOf(args), { timeoutMs: chainTimeoutMs(args), log: ctx.log });
    const check = { verdict: report.verdict, candidate: report.candidate, metrics: report.metrics, repoBytes: report.repoBytes, dataset: setup.dataset, learningRate };
    try {
      if (args.dryRun) {
        const plan = await planSubmission(
          { dir: args.dir, repo, learningRate, publicDelayMs: delay * 1000 },
          { client, hotkey, hubIdentity: () => hubIdentity({ ...(args['hf-endpoint'] ? { hubUrl: args['hf-endpoint'] } : {}), timeoutMs: chainTimeoutMs(args) }) },
        );
        const hub = 'name' in plan.hub ? `token of ${plan.hub.name} (${plan.hub.role ?? 'role unknown'}) can write ${repo.namespace}` : plan.hub.skipped;
        ctx.emit({ dryRun: true, check, plan }, [
          `dry run: nothing uploaded, nothing committed`,
          `hotkey      ${plan.hotkey} (uid ${plan.uid} on subnet ${client.netuid})`,
          `hub         ${hub}`,
          ...plan.steps.map((s) => `${s.step.padEnd(11)} ${s.detail}`),
        ].join('\n'));
        return;
      }
      const store = new HfModelStore({
        cacheDir: args['cache-dir'] ?? join(homedir(), '.cache', 'naschain', 'models'),
        maxDownloadBytes: setup.config.maxDownloadBytes,
        ...(args['hf-endpoint'] ? { hubUrl: args['hf-endpoint'] } : {}),
      });
      const stopHandlers = exitOnInterrupt({ log: ctx.log, saved: () => submitSaved(args.dir) });
      const out = await submitModel(
        {
          dir: args.dir,
          repo,
          learningRate,
          card: modelCardFor(args.dir, setup.dataset, learningRate ?? undefined, ctx.log),
          publicDelayMs: delay * 1000,
        },
        { store, client, hotkey, log: ctx.log },
      ).finally(stopHandlers);
      ctx.emit({ ...out, check }, [`repo        ${out.repo}`, `commit      ${out.commit}`, `hash        ${out.hash}`, `commitment  ${out.commitment}`, `block       ${out.block}`].join('\n'));
    } finally {
      await client.close();
    }
  },
};
