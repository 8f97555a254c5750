// After tsc: mark the CLI entry executable. tsc writes files 0644, and
// `npx naschain` in a fresh clone runs dist/bin/naschain.js directly (via its
// shebang), which fails with "Permission denied" without the executable bit.
import { chmodSync, existsSync } from 'node:fs';

const entry = new URL('../dist/bin/naschain.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(`${entry.pathname}: missing after the build (expected tsc to write it)`);
  process.exit(1);
}
chmodSync(entry, 0o755);
