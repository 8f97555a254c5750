// Libraries we load talk on the console: tfjs's "Hi, looks like you are running
// TensorFlow.js in Node.js" banner, polkadot-js's timestamped API-WS / RPC-CORE
// lines. Our own output never uses the console (messages go through the logger
// on stderr, the --json document through ctx.emit on stdout), so whatever
// reaches console.* comes from a dependency: it is shown only with --debug, on
// stderr, marked as such, and never lands on stdout next to a JSON document.
// (Dawn's native Vulkan warnings are written by C++ straight to file
// descriptor 2 and cannot be caught here; `auto` avoids them after the first
// probe by caching that no GPU runs.)
import { format } from 'node:util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Sends console.* to stderr as "debug: [library] ..." when `debug`, else drops it. Returns the undo. */
export function routeThirdPartyConsole(debug: boolean, stream: NodeJS.WritableStream = process.stderr): () => void {
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) {
    console[m] = (...args: unknown[]) => {
      if (!debug) return;
      for (const line of format(...args).split('\n')) if (line.trim() !== '') stream.write(`debug: [library] ${line}\n`);
    };
  }
  return () => { for (const [m, f] of saved) console[m] = f; };
}
