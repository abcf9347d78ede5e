/**
 * Small classification data sets for the network notebooks, all generated from a seeded `rng`
 * (same seed, same points). Inputs are rows of X; labels are a column y of 0s and 1s.
 *
 * @example
 * const { X, y } = xorData(); // the four XOR points
 * const moons = makeMoons({ n: 200, noise: 0.1, rng: createRng(0) });
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { Rng } from "../random";
import { Matrix, checkMatrix } from "../util/matrix";
import { checkNumber, checkObject, checkRng, show } from "../util/validate";
import { f64 } from "../util/array";

export interface Dataset {
  X: Matrix;
  y: Matrix;
}

/** XOR: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, in the article's order. */
export function xorData(): Dataset {
  return {
    X: Matrix.from([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
    y: Matrix.column([0, 1, 1, 0]),
  };
}

function checkCount(name: string, n: number, noise: number): void {
  if (typeof n !== "number") throw new TypeError(`${name}: n must be an even integer >= 2; got ${show(n)}`);
  if (typeof noise !== "number") throw new TypeError(`${name}: noise must be a finite number >= 0; got ${show(noise)}`);
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new RangeError(`${name}: n must be an even integer >= 2; got ${n}`);
  if (!(Number.isFinite(noise) && noise >= 0)) throw new RangeError(`${name}: noise must be a finite number >= 0; got ${noise}`);
}

/**
 * Two interleaving half circles ("moons"), n/2 points each, plus Gaussian noise of std `noise`.
 * Class 0: (cos t, sin t); class 1: (1 - cos t, 0.5 - sin t), t uniform in [0, π].
 */
export function makeMoons(options: { n: number; noise: number; rng: Rng }): Dataset {
  checkObject("makeMoons: options", options, "{ n: 100, noise: 0.1, rng: createRng(0) }");
  checkRng("makeMoons: rng", options.rng);
  const { n, noise, rng } = options;
  checkCount("makeMoons", n, noise);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const label = k < n / 2 ? 0 : 1;
    const t = rng.uniform(0, Math.PI);
    const [a, b] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    rows.push([a + rng.normal(0, noise), b + rng.normal(0, noise)]);
    labels.push(label);
  }
  return { X: Matrix.from(rows), y: Matrix.column(labels) };
}

/**
 * Two concentric rings, n/2 points each: class 0 on radius 1, class 1 on radius `factor`
 * (default 0.5), plus Gaussian noise of std `noise`.
 */
export function makeCircles(options: { n: number; noise: number; rng: Rng; factor?: number }): Dataset {
  checkObject("makeCircles: options", options, "{ n: 100, noise: 0.1, rng: createRng(0) }");
  checkRng("makeCircles: rng", options.rng);
  if (options.factor !== undefined) checkNumber("makeCircles: factor", options.factor);
  const { n, noise, rng } = options;
  checkCount("makeCircles", n, noise);
  const factor = options.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) throw new RangeError(`makeCircles: factor must be in (0, 1); got ${factor}`);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const label = k < n / 2 ? 0 : 1;
    const t = rng.uniform(0, 2 * Math.PI);
    const r = label === 0 ? 1 : factor;
    rows.push([r * Math.cos(t) + rng.normal(0, noise), r * Math.sin(t) + rng.normal(0, noise)]);
    labels.push(label);
  }
  return { X: Matrix.from(rows), y: Matrix.column(labels) };
}

/**
 * Fraction of predictions on the right side of `threshold` (0.5 for probabilities, 0 for logits).
 * @example accuracy(Matrix.column([0.9, 0.2]), Matrix.column([1, 1])) // 0.5
 */
export function accuracy(yHat: Matrix, y: Matrix, threshold = 0.5): number {
  checkMatrix("accuracy: yHat", yHat);
  checkMatrix("accuracy: y", y);
  checkNumber("accuracy: threshold", threshold);
  if (yHat.rows !== y.rows || yHat.cols !== y.cols) {
    throw new RangeError(`accuracy: yHat has shape [${yHat.rows}, ${yHat.cols}] but y has shape [${y.rows}, ${y.cols}]`);
  }
  let right = 0;
  for (let k = 0; k < y.size; k++) if ((f64(yHat.data, k) > threshold ? 1 : 0) === f64(y.data, k)) right++; // same shapes (checked above)
  return right / y.size;
}
