// yargs set-up and the one error boundary: usage errors exit 2 with the
// command's help, failures exit 1 with one clear line, --debug adds the stack.
import yargs, { type Argv } from 'yargs';
import { isNaschainError } from '../core/errors.js';
import { commands } from './commands/index.js';

class CliUsage extends Error {
  constructor(message: string, readonly help: string) {
    super(message);
  }
}

export function buildParser(argv: string[]): Argv {
  let parser = yargs(argv)
    .scriptName('naschain')
    .usage('$0 <command> [options]\n\nDecentralised neural architecture search for NASChain, in TensorFlow.js.')
    .option('seed', { type: 'number', default: 0, describe: 'Root seed; every random draw derives from it', global: true })
    .option('backend', { type: 'string', default: 'auto', describe: 'TensorFlow.js backend: auto, wasm, cpu, webgpu, tensorflow', global: true })
    .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document on stdout and nothing else there', global: true })
    .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors on stderr', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'Verbose logs and stack traces', global: true })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .strict()
    .demandCommand(1, 'Name a command.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      if (err && !(err.name === 'YError')) throw err;
      let help = '';
      y.showHelp((s: string) => { help = s; });
      throw new CliUsage(msg ?? err?.message ?? 'invalid usage', help);
    });
  for (const command of commands) parser = parser.command(command);
  return parser;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await buildParser(argv).parseAsync();
    return 0;
  } catch (err) {
    if (err instanceof CliUsage) {
      if (err.help) process.stderr.write(`${err.help}\n\n`);
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (isNaschainError(err)) {
      process.stderr.write(`error: ${err.message}\n`);
      if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
      else if (err.exitCode === 2) process.stderr.write('Run with --help for usage.\n');
      return err.exitCode;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`error: ${e.message.split('\n')[0]}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write('(unexpected error; run with --debug for the stack)\n');
    return 1;
  }
}
