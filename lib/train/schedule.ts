// The learning-rate schedule of the validation recipe: cosine annealing from
// the base rate to 0 over the run (PyTorch CosineAnnealingLR, eta_min = 0).
import { invalid } from '../core/errors.js';
import type { ValiConfig } from '../core/vali-config.js';

/**
 * Learning rate that epoch `epoch` (0-based) of `epochs` trains at.
 * quirk (upstream, schedule 'upstream'): the scheduler is stepped at the start
 * of each epoch, so epoch e uses step e+1 and the last epoch trains at 0.
 * 'standard' uses step e (the first epoch trains at the base rate).
 */
export function cosineLr(baseLr: number, epoch: number, epochs: number, schedule: ValiConfig['schedule']): number {
  if (!Number.isInteger(epochs) || epochs <= 0) throw invalid('epochs', epochs, 'a positive integer');
  if (!Number.isInteger(epoch) || epoch < 0 || epoch >= epochs) throw invalid('epoch', epoch, `an integer in [0, ${epochs})`);
  const step = schedule === 'upstream' ? epoch + 1 : epoch;
  return baseLr * 0.5 * (1 + Math.cos((Math.PI * step) / epochs));
}
