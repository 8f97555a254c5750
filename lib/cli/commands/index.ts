// The command list: one module per command, registered here and nowhere else.
import type { CommandModule } from 'yargs';
import { chainCommand } from './chain.js';
import { searchCommand } from './search.js';
import { checkCommand } from './check.js';
import { submitCommand } from './submit.js';
import { trainCommand } from './train.js';
import { evalCommand } from './eval.js';
import { validateCommand } from './validate.js';
import { doctorCommand } from './doctor.js';
import { workerCommand } from './worker.js';

export const commands: CommandModule[] = [
  searchCommand as unknown as CommandModule,
  checkCommand as unknown as CommandModule,
  submitCommand as unknown as CommandModule,
  validateCommand as unknown as CommandModule,
  trainCommand as unknown as CommandModule,
  evalCommand as unknown as CommandModule,
  doctorCommand as unknown as CommandModule,
  chainCommand as unknown as CommandModule,
  workerCommand as unknown as CommandModule,
];
