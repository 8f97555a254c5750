// Runs the doctor command's handler as the CLI would, in a child process of the
// doctor specs (so a backend's native state never leaks into the spec runner).
// Arguments: --json, --no-measure, --measure-software.
import { doctorHandler } from '../../lib/cli/commands/doctor.js';

const argv = process.argv.slice(2);
await doctorHandler({
  seed: 0,
  backend: 'auto',
  json: argv.includes('--json'),
  quiet: false,
  debug: false,
  measure: !argv.includes('--no-measure'),
  measureSoftware: argv.includes('--measure-software'),
});
