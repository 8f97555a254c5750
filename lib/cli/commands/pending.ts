// A command whose implementation another issue delivers: one clear line, exit 1.
import type { CommandModule } from 'yargs';
import { NaschainError } from '../../core/errors.js';

export function pendingCommand(name: string, describe: string, what: string): CommandModule {
  return {
    command: name,
    describe,
    builder: (y) => y,
    handler: () => {
      throw new NaschainError('UNSUPPORTED', `'naschain ${name}' is not available in this version yet (${what}).`);
    },
  };
}
