/**
 * Inputs drawn at grading time. Hidden tests call the learner's function on inputs drawn from a
 * seeded generator, so neither a constant nor a value copied from a visible test passes them. The
 * seed is GRADLAB_GRADING_SEED when the grader sets it (a different seed for each grading round
 * draws different inputs), and otherwise the fixed DEFAULT_GRADING_SEED. Each exercise gets its own
 * stream, derived from the seed and the exercise id, and every draw says which seed it used.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { createRng, type Rng } from "../random";
import { checkInteger, checkNumber, checkOptions, checkRng, show } from "../util/validate";

/** The seed used when GRADLAB_GRADING_SEED is not set. */
export const DEFAULT_GRADING_SEED = 20_260;

/** The grading seed: GRADLAB_GRADING_SEED (an integer) or DEFAULT_GRADING_SEED. */
export function gradingSeed(env: Record<string, string | undefined> = process.env): number {
  checkOptions("gradingSeed: env", env);
  const text = env.GRADLAB_GRADING_SEED;
  if (text === undefined || text.trim() === "") return DEFAULT_GRADING_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`GRADLAB_GRADING_SEED must be a non-negative integer, e.g. GRADLAB_GRADING_SEED=7; got "${text}"`);
  }
  return seed;
}

/** A 31-bit hash of an exercise id (FNV-1a), so that every exercise draws its own inputs. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/**
 * The generator for exercise `id`'s hidden inputs; prints the seed it was made from (so a grader
 * can reproduce a student's hidden inputs).
 * @example const r = gradingRng("ex06-1"); r.uniform(-3, 3)
 */
export function gradingRng(id: string, env: Record<string, string | undefined> = process.env): Rng {
  checkOptions("gradingRng: env", env);
  if (typeof id !== "string" || !/^ex\d\d-\d+$/.test(id)) {
    throw new TypeError(`gradingRng(id) needs an exercise id like "ex06-1"; got ${JSON.stringify(id)}`);
  }
  const seed = gradingSeed(env);
  const source = env.GRADLAB_GRADING_SEED?.trim() ? "GRADLAB_GRADING_SEED" : "the default seed";
  console.log(`hidden inputs for ${id}: grading seed ${seed} (${source})`);
  return createRng(((seed % 2 ** 31) ^ hashId(id)) & 0x7fffffff);
}

/** A number drawn from [low, high), rounded to `digits` decimals so that messages stay readable. */
export function drawNumber(rng: Rng, low: number, high: number, digits = 3): number {
  checkRng("drawNumber: rng", rng);
  checkNumber("drawNumber: low", low);
  checkNumber("drawNumber: high", high);
  checkInteger("drawNumber: digits", digits, 0);
  const scale = 10 ** digits;
  return Math.round(rng.uniform(low, high) * scale) / scale;
}

/**
 * `n` points drawn from [low, high), rounded to 3 decimals, each at least `avoid.distance` away
 * from every point in `avoid.points` (a pole, a kink).
 */
export function drawPoints(
  rng: Rng,
  n: number,
  low: number,
  high: number,
  avoid: { points: number[]; distance: number } = { points: [], distance: 0 },
): number[] {
  checkRng("drawPoints: rng", rng);
  if (typeof n !== "number") throw new RangeError(`drawPoints(rng, n, ...) needs an integer n >= 1; got ${show(n)}`);
  checkNumber("drawPoints: low", low);
  checkNumber("drawPoints: high", high);
  if (typeof avoid !== "object" || avoid === null || !Array.isArray(avoid.points) || typeof avoid.distance !== "number")
    throw new TypeError(`drawPoints: avoid must be { points: number[], distance: number } (or left out); got ${show(avoid)}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`drawPoints(rng, n, ...) needs an integer n >= 1; got ${n}`);
  const out: number[] = [];
  for (let tries = 0; out.length < n; tries++) {
    if (tries > 1000 * n) throw new RangeError(`drawPoints: no room in [${low}, ${high}) away from ${avoid.points.join(", ")}`);
    const x = drawNumber(rng, low, high);
    if (avoid.points.every((p) => Math.abs(x - p) >= avoid.distance)) out.push(x);
  }
  return out;
}
