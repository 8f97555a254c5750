// Runs `naschain validate` in this process from argv, through yargs and the
// same global flags as the real CLI, until the lead wires validateCommand into
// lib/cli/commands/index.ts (then specs can use spec/helpers/cli.ts instead).
// Usage: node dist/spec/validator/round/helpers/validate-main.js --local DIR ...
import yargs from 'yargs';
import { validateCommand } from '../../../../lib/cli/commands/validate.js';
import type { GlobalArgs } from '../../../../lib/cli/context.js';
import type { CommandModule } from 'yargs';

const argv = ['validate', ...process.argv.slice(2)];
yargs(argv)
  .option('seed', { type: 'number', default: 0, global: true })
  .option('backend', { type: 'string', default: 'auto', global: true })
  .option('json', { type: 'boolean', default: false, global: true })
  .option('quiet', { type: 'boolean', default: false, global: true })
  .option('debug', { type: 'boolean', default: false, global: true })
  .strict()
  .command(validateCommand as unknown as CommandModule<GlobalArgs, object>)
  .fail((msg, err) => {
    process.stderr.write(`error: ${err?.message ?? msg}\n`);
    process.exit(err ? 1 : 2);
  })
  .parseAsync()
  .catch((e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  });
