// The command list: one module per command, registered here and nowhere else.
import type { CommandModule } from 'yargs';
import { pendingCommand } from './pending.js';
import { trainCommand } from './train.js';
import { evalCommand } from './eval.js';
import { searchCommand } from './search.js';

export const commands: CommandModule[] = [
  searchCommand as unknown as CommandModule,
  pendingCommand('submit', 'Upload a model to Hugging Face and commit it on chain', 'Hugging Face and chain support are being built'),
  pendingCommand('validate', 'Score the subnet\'s submissions and set weights', 'the validator is being built'),
  trainCommand as unknown as CommandModule,
  evalCommand as unknown as CommandModule,
  pendingCommand('doctor', 'Explain which backends load here and how fast they are', 'backend diagnostics are being built'),
];
