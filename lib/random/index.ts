/**
 * The one source of randomness in gradlab: a seeded generator, passed explicitly to whatever
 * needs random numbers (initial weights, data, shuffles). Same seed, same numbers, on every
 * machine. Built on pure-rand's Mersenne Twister (well mixed even for seeds 0, 1, 2 ...); `Math.random`
 * is banned by the lint rules.
 *
 * @example
 * const rng = createRng(42);
 * rng.normal(); rng.uniform(-1, 1); rng.shuffle([1, 2, 3]);
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import { mersenne } from "pure-rand/generator/mersenne";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { show } from "../util/validate";

export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [low, high), default [0, 1). */
  uniform(low?: number, high?: number): number;
  /** An integer in [low, high], both included. */
  int(low: number, high: number): number;
  /** A normal (Gaussian) sample with the given mean and standard deviation. */
  normal(mean?: number, std?: number): number;
  /** `n` samples of `normal(mean, std)`. */
  normals(n: number, mean?: number, std?: number): number[];
  /** A shuffled copy of `items` (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one (for a sub-task that must not disturb it). */
  fork(): Rng;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`createRng: seed must be an integer such as 42; got ${show(seed)}`);
}

/** A seeded generator. Seeds are integers; the same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  checkSeed(seed);
  const gen = mersenne(seed);
  let spareNormal: number | undefined;

  const unit = () => uniformFloat64(gen);

  const rng: Rng = {
    seed,
    uniform(low = 0, high = 1) {
      if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
        throw new RangeError(`uniform(low, high) needs finite numbers low < high; got low = ${show(low)}, high = ${show(high)}`);
      }
      return low + (high - low) * unit();
    },
    int(low, high) {
      if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low > high) {
        throw new RangeError(`int(low, high) needs integers with low <= high; got low = ${show(low)}, high = ${show(high)}`);
      }
      return uniformInt(gen, low, high);
    },
    normal(mean = 0, std = 1) {
      if (!(typeof std === "number" && std >= 0 && Number.isFinite(std)) || typeof mean !== "number" || !Number.isFinite(mean))
        throw new RangeError(`normal(mean, std) needs a finite mean and a finite std >= 0; got mean = ${show(mean)}, std = ${show(std)}`);
      // Box-Muller: two uniforms give two independent standard normals; keep the second.
      let z: number;
      if (spareNormal !== undefined) {
        z = spareNormal;
        spareNormal = undefined;
      } else {
        let u = unit();
        while (u === 0) u = unit();
        const v = unit();
        const r = Math.sqrt(-2 * Math.log(u));
        z = r * Math.cos(2 * Math.PI * v);
        spareNormal = r * Math.sin(2 * Math.PI * v);
      }
      return mean + std * z;
    },
    normals(n, mean = 0, std = 1) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`normals(n) needs an integer n >= 0; got n = ${show(n)}`);
      return Array.from({ length: n }, () => rng.normal(mean, std));
    },
    shuffle<T>(items: readonly T[]): T[] {
      if (!Array.isArray(items)) throw new TypeError(`shuffle(items) needs an array; got items = ${show(items)}`);
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = uniformInt(gen, 0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    fork() {
      return createRng(uniformInt(gen, 0, 2 ** 31 - 1));
    },
  };
  return rng;
}
