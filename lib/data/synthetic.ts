/**
 * The course's synthetic data sets, made from a seeded generator so that the same seed always gives
 * the same numbers. data/make-data.ts writes them to data/ (see data/README.md).
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
import { createRng } from "../random";
import { checkInteger, checkNumber, checkObject, checkPoint } from "../util/validate";
import { at } from "../util/array";

export interface LinearDataOptions {
  seed: number;
  /** @default 100 */
  n?: number;
  /** True weights, one per feature. @default [3, -2] */
  weights?: number[];
  /** @default 1 */
  bias?: number;
  /** Standard deviation of the Gaussian noise added to y. @default 0.5 */
  noise?: number;
}

/**
 * Features drawn from a standard normal, y = X·w + b + noise·N(0, 1): the linear-regression data
 * of the course (two features, w = [3, −2], b = 1, noise 0.5, 100 samples by default).
 * @example const { X, y } = makeLinearData({ seed: 42 });
 */
export function makeLinearData(options: LinearDataOptions): { X: number[][]; y: number[] } {
  checkObject("makeLinearData: options", options, "{ seed: 42 }");
  checkNumber("makeLinearData: seed", options.seed);
  if (options.n !== undefined) checkInteger("makeLinearData: n", options.n, 1);
  if (options.weights !== undefined) checkPoint("makeLinearData: weights", options.weights);
  if (options.bias !== undefined) checkNumber("makeLinearData: bias", options.bias);
  if (options.noise !== undefined) checkNumber("makeLinearData: noise", options.noise);
  const n = options.n ?? 100;
  const weights = options.weights ?? [3, -2];
  const bias = options.bias ?? 1;
  const noise = options.noise ?? 0.5;
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`makeLinearData: n must be a positive integer; got ${n}`);
  if (!(weights.length > 0 && weights.every(Number.isFinite))) throw new RangeError("makeLinearData: weights must be finite numbers");
  if (!(noise >= 0)) throw new RangeError(`makeLinearData: noise must be >= 0; got ${noise}`);
  const rng = createRng(options.seed);
  // All features first, then all noise, like numpy's randn(n, d) followed by randn(n).
  const X = Array.from({ length: n }, () => rng.normals(weights.length));
  const y = X.map((row) => row.reduce((s, x, j) => s + x * at(weights, j, "weights"), bias) + noise * rng.normal());
  return { X, y };
}

/** The model behind the synthetic house prices (prices in thousands of dollars). */
export const HOUSE_PRICE_MODEL = Object.freeze({
  base: 40,
  perSquareFoot: 0.12,
  perBedroom: 8,
  perBathroom: 12,
  noise: 25,
});

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

/**
 * A small synthetic house-price table: square feet uniform in [700, 3500] (to the nearest 10),
 * bedrooms about one per 650 sq ft (1 to 6), bathrooms in half steps about half the bedrooms plus
 * a quarter (1 to 4), and price = 40 + 0.12·sqft + 8·bedrooms + 12·bathrooms + N(0, 25²) in
 * thousands of dollars, rounded to 0.1.
 * @example const rows = makeHousePrices({ seed: 7 }); // [[sqft, bedrooms, bathrooms, price], ...]
 */
export function makeHousePrices(options: { seed: number; n?: number }): number[][] {
  checkObject("makeHousePrices: options", options, "{ seed: 7 }");
  checkNumber("makeHousePrices: seed", options.seed);
  if (options.n !== undefined) checkInteger("makeHousePrices: n", options.n, 1);
  const n = options.n ?? 50;
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`makeHousePrices: n must be a positive integer; got ${n}`);
  const rng = createRng(options.seed);
  const m = HOUSE_PRICE_MODEL;
  return Array.from({ length: n }, () => {
    const sqft = Math.round(rng.uniform(700, 3500) / 10) * 10;
    const bedrooms = clamp(Math.round(sqft / 650 + rng.normal(0, 0.6)), 1, 6);
    const bathrooms = clamp(Math.round(2 * (0.5 * bedrooms + 0.25 + rng.normal(0, 0.35))) / 2, 1, 4);
    const price = m.base + m.perSquareFoot * sqft + m.perBedroom * bedrooms + m.perBathroom * bathrooms + rng.normal(0, m.noise);
    return [sqft, bedrooms, bathrooms, Math.round(price * 10) / 10];
  });
}
