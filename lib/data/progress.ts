// Download progress on stderr: a bar redrawn in place on a terminal, plain
// lines every tenth of the way (or every 10 MB when the size is unknown)
// otherwise, nothing without a logger.
import type { Logger } from '../core/log.js';

export interface Progress {
  update(bytes: number): void;
  done(): void;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function progressReporter(label: string, total: number | undefined, log?: Logger, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (!log || log.level === 'quiet') return { update: () => {}, done: () => {} };
  let seen = 0, lastDraw = 0, lastStep = -1;
  const known = total !== undefined && total > 0;
  if (log.interactive) {
    const draw = () => {
      const frac = known ? Math.min(1, seen / total) : 0;
      const bar = known ? `[${'#'.repeat(Math.round(frac * 30)).padEnd(30, '.')}] ${(frac * 100).toFixed(0).padStart(3)}% ` : '';
      stream.write(`\r${label} ${bar}${mb(seen)}${known ? ` / ${mb(total)}` : ''}\x1b[K`);
    };
    return {
      update(n) {
        seen += n;
        const now = Date.now();
        if (now - lastDraw >= 100) { lastDraw = now; draw(); }
      },
      done() { draw(); stream.write('\n'); },
    };
  }
  return {
    update(n) {
      seen += n;
      const step = known ? Math.floor((10 * seen) / total) : Math.floor(seen / 10e6);
      if (step > lastStep) {
        lastStep = step;
        log.info(known ? `${label}: ${Math.min(100, step * 10)}% (${mb(seen)} of ${mb(total)})` : `${label}: ${mb(seen)}`);
      }
    },
    done() { log.info(`${label}: done, ${mb(seen)}`); },
  };
}
