// yargs set-up and the one error boundary: usage errors exit 2 with one line
// and where to find help (not the whole help text), failures exit 1 with one
// clear line, --debug adds the stack. What it prints is stripped of control
// characters line by line: an error's message may quote untrusted text (a
// model's layer name, a server's reply).
import { readFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { isNaschainError, UsageError } from '../core/errors.js';
import { terminalLines } from '../core/log.js';
import { stripControl } from '../core/untrusted-text.js';
import { errorText } from '../core/value-text.js';
import { commands } from './commands/index.js';
import { backendNames } from '../backend/registry.js';
import { numberOption, SPECS } from './flag-value.js';
import { routeThirdPartyConsole } from './third-party-console.js';

class CliUsage extends Error {
  constructor(message: string, readonly command: string) {
    super(message);
  }
}

/** The package's version, read from package.json next to dist/ (two folders above this file's). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** --backend: a known name, checked before any command starts one. */
function checkedBackend(v: unknown): string {
  const names = ['auto', ...backendNames()];
  if (typeof v !== 'string' || !names.includes(v)) throw new UsageError(`--backend: got ${typeof v === 'string' ? JSON.stringify(v) : 'no value'}, expected one of ${names.join(', ')}`);
  return v;
}

export function buildParser(argv: string[]): Argv {
  let parser = yargs(argv)
    .scriptName('naschain')
    .usage('$0 <command> [options]\n\nDecentralised neural architecture search for NASChain, in TensorFlow.js.')
    // The seed's default is given here, not in yargs, which would put it in place of a missing value (flag-value.ts).
    .option('seed', { ...numberOption('seed', SPECS.seed, 'Root seed (default 0); every random draw derives from it'), global: true })
    .middleware((a) => { a.seed ??= 0; })
    .option('backend', { type: 'string', default: 'auto', describe: 'TensorFlow.js backend: auto, wasm, cpu, webgpu, tensorflow', global: true, coerce: checkedBackend })
    .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document on stdout and nothing else there', global: true })
    .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors on stderr', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'Verbose logs and stack traces', global: true })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .strict()
    .demandCommand(1, 'Name a command.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version('version', 'Show the version and exit', packageVersion())
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err && !(err.name === 'YError')) throw err;
      throw new CliUsage(withoutCamelTwins(msg ?? err?.message ?? 'invalid usage'), commandOf(argv));
    });
  for (const command of commands) parser = parser.command(command);
  return parser;
}

/** yargs names an unknown `--foo-bar` twice ("foo-bar, fooBar"): keep the spelling the user typed. */
function withoutCamelTwins(msg: string): string {
  const m = /^Unknown arguments?: (.*)$/.exec(msg);
  if (!m?.[1]) return msg;
  const names = m[1].split(', ');
  const camel = (n: string) => n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const kept = names.filter((n) => !names.some((o) => o !== n && o.includes('-') && camel(o) === n));
  return `Unknown argument${kept.length === 1 ? '' : 's'}: ${kept.join(', ')}`;
}

/** The command words of argv (for the help hint: "chain info"), or '' before one is named. */
function commandOf(argv: string[]): string {
  const words = argv.filter((a) => !a.startsWith('-'));
  const first = words[0];
  if (first === undefined || !commands.some((c) => String(c.command).split(' ')[0] === first)) return '';
  return first === 'chain' && (words[1] === 'info' || words[1] === 'commitments') ? `chain ${words[1]}` : first;
}

function helpOf(command: string): string {
  return command ? `naschain ${command} --help` : 'naschain --help';
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
  // yargs prints --help and --version with console.log; no handler runs then.
  const printsHelp = argv.some((a) => a === '--help' || a === '-h' || a === '--version');
  const restoreConsole = printsHelp ? () => {} : routeThirdPartyConsole(debug);
  try {
    await buildParser(argv).parseAsync();
    return 0;
  } catch (err) {
    if (err instanceof CliUsage) {
      // The whole message, stripped (a path named by the user may hold a line break).
      say(`error: ${stripControl(err.message.slice(0, 1000))} (see ${helpOf(err.command)})`);
      return 2;
    }
    if (isNaschainError(err)) {
      // A usage error from a handler reads as one from the parser: one line, where help is.
      const hint = err instanceof UsageError && !err.message.includes('--help') ? ` (see ${helpOf(commandOf(argv))})` : '';
      say(`error: ${stripControl(err.message)}${hint}`);
      const stack = debug ? stackOf(err) : undefined;
      if (stack) say(stack);
      return err.exitCode;
    }
    say(`error: ${errorText(err)}`);
    const stack = debug ? stackOf(err) : undefined;
    if (stack) say(stack);
    else say('(unexpected error; run with --debug for the stack)');
    return 1;
  } finally {
    restoreConsole();
  }
}
