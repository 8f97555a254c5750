#!/usr/bin/env node
// The CLI entry: hand argv to lib/cli and exit with its code.
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
