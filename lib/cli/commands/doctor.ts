// `naschain doctor`: which backends load here, why the others do not, what
// they run on, and how fast each trains; refreshes auto's cached choice.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { runDoctor, type DoctorReport } from '../../backend/doctor.js';
import { createContext, type GlobalArgs } from '../context.js';

type DoctorArgs = GlobalArgs & { measure: boolean; measureSoftware: boolean };

function builder(y: Argv) {
  return y
    .option('measure', { type: 'boolean', default: true, describe: 'Time a few training steps on each backend that loads (--no-measure: only check loading)' })
    .option('measure-software', { type: 'boolean', default: false, describe: 'Also time webgpu on a software adapter (lavapipe; adds ~30 s)' })
    .example('$0 doctor', 'Every backend: loads or why not, device, threads/SIMD, training images/s')
    .example('$0 doctor --json', 'The same as one JSON document');
}

export function doctorText(r: DoctorReport): string {
  const lines = [`machine: ${r.machine.cpu} (${r.machine.cores} cores), node ${r.machine.node}, host ${r.machine.host}`];
  for (const b of r.backends) {
    if (!b.loads || b.info === undefined) {
      lines.push(`${b.name.padEnd(10)} no    ${b.reason ?? ''}`);
      continue;
    }
    const i = b.info;
    const what = [
      `on ${i.compute ?? 'cpu'}`,
      i.device !== undefined ? `device ${i.device}` : undefined,
      i.threads !== undefined ? `threads ${i.threads}` : undefined,
      i.simd !== undefined ? `simd ${i.simd ? 'yes' : 'no'}` : undefined,
    ].filter((s) => s !== undefined).join(', ');
    const speed = b.trainImagesPerSec !== undefined ? `train ${b.trainImagesPerSec.toFixed(1)} img/s (${b.measureNote ?? ''})` : (b.measureNote ?? '');
    lines.push(`${b.name.padEnd(10)} yes   ${what}`);
    lines.push(`${''.padEnd(16)}${speed}`);
    if (i.note !== undefined) lines.push(`${''.padEnd(16)}note: ${i.note}`);
  }
  lines.push(`(${r.probe})`);
  lines.push(`auto: ${r.auto.choice ?? 'none'}: ${r.auto.reason}${r.auto.cacheUpdated ? ` (cached in ${r.auto.cacheFile})` : ''}`);
  return lines.join('\n');
}

export async function doctorHandler(args: DoctorArgs): Promise<void> {
  const ctx = createContext(args);
  const report = await runDoctor({ measure: args.measure, measureSoftware: args.measureSoftware, log: ctx.log });
  ctx.emit(report, doctorText(report));
}

export const doctorCommand: CommandModule<GlobalArgs, DoctorArgs> = {
  command: 'doctor',
  describe: 'Explain which backends load here, on what device, and how fast they train',
  builder: builder as unknown as CommandModule<GlobalArgs, DoctorArgs>['builder'],
  handler: (args: ArgumentsCamelCase<DoctorArgs>) => doctorHandler(args),
};
