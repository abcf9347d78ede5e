/**
 * Weight initializers: where the first step of training starts. The scale matters because
 * every layer multiplies the signal (forward) and the gradient (backward) by its weights; a
 * scale that keeps those products near 1 per layer avoids vanishing or exploding gradients
 * from the start (notebook 11).
 *
 * - Xavier/Glorot (Glorot & Bengio, 2010): Var(W) = 2 / (fanIn + fanOut), for tanh/sigmoid.
 * - He/Kaiming (He et al., 2015): Var(W) = 2 / fanIn, for ReLU (which zeroes half its inputs).
 *
 * The normal variants draw plain Gaussians (tfjs's glorotNormal/heNormal truncate at 2 std;
 * we do not, to keep the variance exactly the stated one). All draws come from the `rng`
 * passed in, row-major over the [fanIn, fanOut] weight matrix.
 *
 * @example
 * const W = heNormal.sample(64, 32, createRng(0)); // 2048 values, std √(2/64)
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { Rng } from "../random";
import { checkRng, checkStep, show } from "../util/validate";

export interface Initializer {
  /** e.g. "He normal (std √(2/fanIn))". */
  readonly name: string;
  /** fanIn × fanOut values, row-major. */
  sample(fanIn: number, fanOut: number, rng: Rng): Float64Array;
}

function checkFans(name: string, fanIn: number, fanOut: number): void {
  if (typeof fanIn !== "number" || typeof fanOut !== "number")
    throw new TypeError(`${name}: fanIn and fanOut must be positive integers; got ${show(fanIn)} and ${show(fanOut)}`);
  if (!Number.isInteger(fanIn) || fanIn < 1 || !Number.isInteger(fanOut) || fanOut < 1) {
    throw new RangeError(`${name}: fanIn and fanOut must be positive integers; got ${fanIn} and ${fanOut}`);
  }
}

function normalSampler(name: string, std: (fanIn: number, fanOut: number) => number): Initializer {
  return {
    name,
    sample(fanIn, fanOut, rng) {
      checkFans(name, fanIn, fanOut);
      checkRng(`${name}: rng`, rng);
      const s = std(fanIn, fanOut);
      return Float64Array.from({ length: fanIn * fanOut }, () => rng.normal(0, s));
    },
  };
}

function uniformSampler(name: string, limit: (fanIn: number, fanOut: number) => number): Initializer {
  return {
    name,
    sample(fanIn, fanOut, rng) {
      checkFans(name, fanIn, fanOut);
      checkRng(`${name}: rng`, rng);
      const a = limit(fanIn, fanOut);
      return Float64Array.from({ length: fanIn * fanOut }, () => rng.uniform(-a, a));
    },
  };
}

/**
 * N(0, std²) with a fixed std, whatever the layer size (e.g. the article's 0.1).
 * @example mlp({ sizes: [2, 3, 1], activation: sigmoid, init: normalInit(0.1), rng })
 */
export function normalInit(std: number): Initializer {
  checkStep(std, "normalInit: std");
  if (!(Number.isFinite(std) && std >= 0)) throw new RangeError(`normalInit: std must be a finite number >= 0; got ${std}`);
  return normalSampler(`normal (std ${std})`, () => std);
}

/**
 * U(-limit, limit) with a fixed limit.
 * @example uniformInit(0.5).sample(2, 3, createRng(0))
 */
export function uniformInit(limit: number): Initializer {
  checkStep(limit, "uniformInit: limit");
  if (!(Number.isFinite(limit) && limit > 0)) throw new RangeError(`uniformInit: limit must be a finite number > 0; got ${limit}`);
  return uniformSampler(`uniform (±${limit})`, () => limit);
}

/** Xavier/Glorot normal: std √(2 / (fanIn + fanOut)). */
export const xavierNormal: Initializer = normalSampler("Xavier normal (std √(2/(fanIn+fanOut)))", (i, o) => Math.sqrt(2 / (i + o)));

/** Xavier/Glorot uniform: U(-a, a) with a = √(6 / (fanIn + fanOut)) (same variance as xavierNormal). */
export const xavierUniform: Initializer = uniformSampler("Xavier uniform (±√(6/(fanIn+fanOut)))", (i, o) => Math.sqrt(6 / (i + o)));

/** He/Kaiming normal: std √(2 / fanIn). */
export const heNormal: Initializer = normalSampler("He normal (std √(2/fanIn))", (i) => Math.sqrt(2 / i));

/** He/Kaiming uniform: U(-a, a) with a = √(6 / fanIn). */
export const heUniform: Initializer = uniformSampler("He uniform (±√(6/fanIn))", (i) => Math.sqrt(6 / i));

/** All zeros (biases; never weights: identical units would stay identical forever). */
export const zerosInit: Initializer = {
  name: "zeros",
  sample(fanIn, fanOut, rng) {
    checkFans("zeros", fanIn, fanOut);
    checkRng("zeros: rng", rng);
    return new Float64Array(fanIn * fanOut);
  },
};
