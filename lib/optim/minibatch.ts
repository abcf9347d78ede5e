/**
 * Minibatches for stochastic gradient descent: each epoch visits every sample once, in an order
 * shuffled by the seeded generator, cut into batches. The loss function then uses only the
 * current batch, so each step is cheaper and noisier than a full-batch step.
 *
 * @example
 * const batches = createBatcher({ numSamples: 100, batchSize: 10, rng: createRng(seed) });
 * const indices = batches.next(); // 10 sample indices; a new shuffle every 10 calls
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
import type { Rng } from "../random";
import { show } from "../util/validate";

export interface BatcherOptions {
  numSamples: number;
  /** Samples per batch; numSamples gives full-batch gradient descent. */
  batchSize: number;
  /** The seeded generator that shuffles each epoch (required when shuffle is true). */
  rng?: Rng;
  /** Reshuffle at the start of every epoch. @default true */
  shuffle?: boolean;
  /** Skip a last batch smaller than batchSize. @default false */
  dropLast?: boolean;
}

export interface Batcher {
  /** The next batch of sample indices. */
  next(): number[];
  /** Completed passes over the data. */
  readonly epoch: number;
  readonly batchesPerEpoch: number;
}

export function createBatcher(options: BatcherOptions): Batcher {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`createBatcher: options must be an object such as { numSamples: 100, batchSize: 10, rng }; got ${show(options)}`);
  const { numSamples, batchSize } = options;
  const shuffle = options.shuffle === undefined ? true : options.shuffle;
  const dropLast = options.dropLast === undefined ? false : options.dropLast;
  if (!(typeof numSamples === "number" && Number.isSafeInteger(numSamples) && numSamples > 0))
    throw new RangeError(`createBatcher: numSamples must be a positive integer; got ${show(numSamples)}`);
  if (!(typeof batchSize === "number" && Number.isInteger(batchSize) && batchSize > 0 && batchSize <= numSamples)) {
    throw new RangeError(`createBatcher: batchSize must be an integer in [1, numSamples = ${numSamples}]; got ${show(batchSize)}`);
  }
  if (typeof shuffle !== "boolean") throw new TypeError(`createBatcher: shuffle must be true or false; got ${show(shuffle)}`);
  if (typeof dropLast !== "boolean") throw new TypeError(`createBatcher: dropLast must be true or false; got ${show(dropLast)}`);
  if (shuffle && (typeof options.rng !== "object" || options.rng === null || typeof options.rng.shuffle !== "function"))
    throw new TypeError(`createBatcher: shuffle needs rng, a seeded generator from createRng(seed); got ${show(options.rng)}`);
  const batchesPerEpoch = dropLast ? Math.floor(numSamples / batchSize) : Math.ceil(numSamples / batchSize);
  const identity = Array.from({ length: numSamples }, (_, i) => i);
  let order = identity;
  let batch = 0;
  let completed = 0;
  return {
    next() {
      if (batch === 0) order = shuffle ? options.rng!.shuffle(identity) : identity;
      const start = batch * batchSize;
      const indices = order.slice(start, Math.min(start + batchSize, numSamples));
      batch++;
      if (batch === batchesPerEpoch) {
        batch = 0;
        completed++;
      }
      return indices;
    },
    get epoch() {
      return completed;
    },
    batchesPerEpoch,
  };
}
