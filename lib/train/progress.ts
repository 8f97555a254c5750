// Progress reporting of a training run, kept apart from the loop: the loop
// calls a callback, and this module offers the CLI's rendering of it (a bar
// redrawn in place on a terminal, one plain line per epoch otherwise).
import type { Logger } from '../core/log.js';

export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running means over the epoch so far. */
  loss: number;
  trainAcc: number;
  imagesPerSec: number;
  /** Seconds left in the whole run at the current pace. */
  etaSec: number;
}

export interface EpochProgress {
  epoch: number;
  epochs: number;
  loss: number;
  trainAcc: number;
  lr: number;
  imagesPerSec: number;
  seconds: number;
}

export interface ProgressListener {
  onBatch?(p: BatchProgress): void;
  onEpoch?(p: EpochProgress): void;
}

function clock(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.max(0, Math.round(sec));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Renders progress on stderr through `log` (bar when interactive, plain lines otherwise). */
export function consoleProgress(log: Logger, stream: NodeJS.WriteStream = process.stderr): ProgressListener {
  let lastDraw = 0;
  return {
    onBatch(p) {
      if (!log.interactive) return;
      const now = Date.now();
      if (now - lastDraw < 200 && p.batch < p.batches) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round((width * p.batch) / p.batches);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      stream.write(`\r\x1b[Kepoch ${p.epoch + 1}/${p.epochs} [${bar}] ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} acc ${p.trainAcc.toFixed(2)}% ${p.imagesPerSec.toFixed(0)} img/s ETA ${clock(p.etaSec)}`);
    },
    onEpoch(p) {
      if (log.interactive) stream.write('\r\x1b[K');
      log.info(`epoch ${p.epoch + 1}/${p.epochs}: loss ${p.loss.toFixed(4)}, train acc ${p.trainAcc.toFixed(2)}%, lr ${p.lr.toPrecision(4)}, ${p.imagesPerSec.toFixed(0)} img/s, ${clock(p.seconds)}`);
    },
  };
}
