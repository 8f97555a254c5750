// `naschain submit <model-dir> --repo ns/name`: check the model as a validator
// would, upload it privately, hash what the Hub holds, commit it on chain with
// the hotkey, then make the repo public. Resumable (see lib/miner/submit-model.ts).
import type { Argv, CommandModule } from 'yargs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { NaschainError, UsageError } from '../../core/errors.js';
import { loadValiConfig, valiPreset } from '../../core/vali-config.js';
import { getDescriptor } from '../../data/registry.js';
import { checkModelFolder } from '../../validator/model-checks.js';
import { modelExpectations } from '../../validator/model-expectations.js';
import { HfModelStore } from '../../hub/hf-model-store.js';
import { parseRepoId } from '../../hub/model-ref.js';
import { submitModel } from '../../miner/submit-model.js';
import { modelCardFor } from '../../miner/model-card-for.js';
import { createContext } from '../context.js';
import { chainOptions, loadChain, targetOf, type ChainArgs } from './chain.js';

interface SubmitArgs extends ChainArgs {
  dir: string;
  repo: string;
  lr?: number;
  dataset?: string;
  config?: string;
  'public-delay': number;
  'hf-endpoint'?: string;
  'cache-dir'?: string;
}

export const submitCommand: CommandModule<ChainArgs, SubmitArgs> = {
  command: 'submit <dir>',
  describe: 'Upload a model to Hugging Face and commit it on chain',
  builder: (y) =>
    chainOptions(y)
      .positional('dir', { type: 'string', demandOption: true, describe: 'tfjs model folder (model.json + weight shards)' })
      .option('repo', { type: 'string', demandOption: true, describe: 'Hugging Face model repo, namespace/name (created private)' })
      .option('lr', { type: 'number', describe: 'Learning rate to commit (validators retrain with it; default: none, they use the config\'s)' })
      .option('dataset', { type: 'string', describe: 'Dataset the model was trained for (default: the validation config\'s)' })
      .option('config', { type: 'string', describe: 'Validation config JSON file (default: the cifar100 preset, upstream\'s)' })
      .option('public-delay', { type: 'number', default: 60, describe: 'Seconds the repo stays private after the commitment' })
      .option('hf-endpoint', { type: 'string', describe: 'Hub URL (default https://huggingface.co); token from HF_TOKEN or HF_ACCESS_TOKEN' })
      .option('cache-dir', { type: 'string', describe: 'Download cache (default ~/.cache/naschain/models)' })
      .example('$0 submit runs/macro-0/front/model-1 --repo alice/tiny-net --lr 0.025 --wallet.name miner --wallet.hotkey default', '') as unknown as Argv<SubmitArgs>,
  handler: async (args) => {
    const ctx = createContext(args);
    if (!existsSync(args.dir)) throw new UsageError(`model folder ${args.dir}: does not exist`);
    let repo;
    try {
      repo = parseRepoId(args.repo);
    } catch (e) {
      throw new UsageError(`--repo: ${(e as Error).message}`);
    }
    if (args.lr !== undefined && !(Number.isFinite(args.lr) && args.lr > 0)) throw new UsageError(`--lr: got ${args.lr}, expected a positive number`);
    const vali = args.config ? loadValiConfig(args.config) : valiPreset('cifar100');
    const descriptor = getDescriptor(args.dataset ?? vali.dataset);
    // Refuse here what every validator would reject, before anything is public or paid for.
    const checked = checkModelFolder(args.dir, modelExpectations(vali, descriptor));
    if (!checked.ok) throw new NaschainError('INVALID', `model folder ${args.dir}: validators would reject it (${checked.reason}): ${checked.message}`);
    const chain = await loadChain();
    const hotkey = await chain.loadHotkey(chain.resolveWalletLocation({ path: args.wallet?.path, name: args.wallet?.name, hotkey: args.wallet?.hotkey }));
    const store = new HfModelStore({
      cacheDir: args['cache-dir'] ?? join(homedir(), '.cache', 'naschain', 'models'),
      maxDownloadBytes: vali.maxDownloadBytes,
      ...(args['hf-endpoint'] ? { hubUrl: args['hf-endpoint'] } : {}),
    });
    const client = await chain.connectSubtensor(targetOf(args), { timeoutMs: (args.subtensor?.timeout ?? 30) * 1000, log: ctx.log });
    try {
      const out = await submitModel(
        {
          dir: args.dir,
          repo,
          learningRate: args.lr ?? null,
          card: modelCardFor(args.dir, descriptor.name, args.lr, ctx.log),
          publicDelayMs: args['public-delay'] * 1000,
        },
        { store, client, hotkey, log: ctx.log },
      );
      ctx.emit(out, [`repo        ${out.repo}`, `commit      ${out.commit}`, `hash        ${out.hash}`, `commitment  ${out.commitment}`, `block       ${out.block}`].join('\n'));
    } finally {
      await client.close();
    }
  },
};
