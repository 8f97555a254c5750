// yargs set-up and the one error boundary: usage errors exit 2 with the
// command's help, failures exit 1 with one clear line, --debug adds the stack.
// What it prints is stripped of control characters line by line: an error's
// message may quote untrusted text (a model's layer name, a server's reply).
import yargs, { type Argv } from 'yargs';
import { isNaschainError } from '../core/errors.js';
import { terminalLines } from '../core/log.js';
import { stripControl } from '../core/untrusted-text.js';
import { errorText } from '../core/value-text.js';
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
  const say = (text: string) => process.stderr.write(`${terminalLines(text)}\n`);
  const stackOf = (e: unknown): string | undefined => {
    try {
      return e instanceof Error && typeof e.stack === 'string' ? e.stack : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    await buildParser(argv).parseAsync();
    return 0;
  } catch (err) {
    if (err instanceof CliUsage) {
      if (err.help) say(`${err.help}\n`);
      say(`error: ${stripControl(err.message)}`);
      return 2;
    }
    if (isNaschainError(err)) {
      say(`error: ${stripControl(err.message)}`);
      const stack = debug ? stackOf(err) : undefined;
      if (stack) say(stack);
      else if (err.exitCode === 2) say('Run with --help for usage.');
      return err.exitCode;
    }
    say(`error: ${errorText(err)}`);
    const stack = debug ? stackOf(err) : undefined;
    if (stack) say(stack);
    else say('(unexpected error; run with --debug for the stack)');
    return 1;
  }
}
