// Constraint checks made before any training: a candidate over a limit is told
// to NSGA-II as infeasible, with its violation (sum of relative excesses), and
// never trained.
import type { Limits, Measured } from './types.js';

export function constraintViolation(m: Measured, limits: Limits): { violation: number; reasons: string[] } {
  const reasons: string[] = [];
  let violation = 0;
  const over = (value: number, limit: number, what: string, strict: boolean) => {
    const bad = strict ? value >= limit : value > limit;
    if (!bad) return;
    violation += (value - limit) / limit + (strict ? 1e-9 : 0);
    reasons.push(`${what} ${value} ${strict ? '>=' : '>'} ${limit}`);
  };
  over(m.params, limits.maxParams, 'params', false);
  over(m.macsRounded, limits.maxMacs, 'rounded MACs', true);
  over(4 * m.params, limits.maxBytes, 'weight bytes', false);
  return { violation, reasons };
}
