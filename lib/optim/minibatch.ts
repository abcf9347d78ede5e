/**
 * Minibatches for stochastic gradient descent: each epoch visits every sample once, in an order
 * shuffled by the seeded generator, cut into batches. The loss function then uses only the
 * current batch, so each step is cheaper and noisier than a full-batch step.
 *
 * @example
 * const batches = createBatcher({ numSamples: 100, batchSize: 10, rng: createRng(seed) });
 * const indices = batches.next(); // 10 sample indices; a new shuffle every 10 calls
 */
import type { Rng } from "../random";

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
  const { numSamples, batchSize } = options;
  const shuffle = options.shuffle ?? true;
  const dropLast = options.dropLast ?? false;
  if (!(Number.isInteger(numSamples) && numSamples > 0))
    throw new RangeError(`createBatcher: numSamples must be a positive integer; got ${numSamples}`);
  if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= numSamples)) {
    throw new RangeError(`createBatcher: batchSize must be an integer in [1, numSamples = ${numSamples}]; got ${batchSize}`);
  }
  if (shuffle && !options.rng) throw new TypeError("createBatcher: shuffle needs rng, a seeded generator from createRng(seed)");
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
