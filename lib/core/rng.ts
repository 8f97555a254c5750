// The only source of randomness in naschain. Every stochastic function takes an
// Rng; seeds derive from one root seed plus a label so that any part of a run
// can be reproduced on its own (deriveSeed(root, "gen3/ind7/init")).
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** The 32-bit seed this generator was created from. */
  readonly seed: number;
}

/** FNV-1a over the root seed and label, then a murmur-style finaliser: a stable 32-bit seed. */
export function deriveSeed(root: number, label: string): number {
  let h = 0x811c9dc5 ^ (root >>> 0);
  h = Math.imul(h, 0x01000193);
  const text = `${root}/${label}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function makeRng(seed: number): Rng {
  const prng = seedrandom.alea(String(seed >>> 0));
  let spare: number | undefined;
  return {
    seed: seed >>> 0,
    next: () => prng(),
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
      return Math.floor(prng() * n);
    },
    normal(): number {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = prng();
      const v = prng();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Shorthand: an Rng for a labelled sub-task of a run. */
export function rngFor(root: number, label: string): Rng {
  return makeRng(deriveSeed(root, label));
}

/** Fisher-Yates shuffle in place with the given Rng. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}
