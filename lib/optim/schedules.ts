/**
 * Learning-rate schedules: functions from the step number t (0 for the first step) to a rate.
 * Pass one as `learningRate` to any optimizer. Start large for fast progress, end small so the
 * last steps settle instead of bouncing around the minimum.
 *
 * @example
 * const opt = sgd({ learningRate: cosineDecay({ initial: 0.1, totalSteps: 500 }) });
 * sampleSchedule(stepDecay({ initial: 1, factor: 0.5, every: 10 }), 30); // 1 ×10, 0.5 ×10, 0.25 ×10
 */
import type { Schedule } from "./optimizer";

function checkRate(owner: string, name: string, value: unknown): asserts value is number {
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${owner}: ${name} must be a positive finite number; got ${String(value)}`);
  }
}

function checkSteps(owner: string, name: string, value: unknown): asserts value is number {
  if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) {
    throw new RangeError(`${owner}: ${name} must be a positive integer; got ${String(value)}`);
  }
}

export interface StepDecayOptions {
  /** Rate for the first `every` steps. */
  initial: number;
  /** Multiplier applied every `every` steps. @default 0.5 */
  factor?: number;
  /** Steps between drops. */
  every: number;
}

/** initial · factor^⌊t / every⌋: a staircase. */
export function stepDecay(options: StepDecayOptions): Schedule {
  const factor = options.factor ?? 0.5;
  checkRate("stepDecay", "initial", options.initial);
  checkRate("stepDecay", "factor", factor);
  checkSteps("stepDecay", "every", options.every);
  return (t) => options.initial * factor ** Math.floor(t / options.every);
}

export interface ExponentialDecayOptions {
  initial: number;
  /** Multiplier per `decaySteps` steps (0 < rate <= 1 to decay). */
  rate: number;
  /** @default 1 */
  decaySteps?: number;
}

/** initial · rate^(t / decaySteps): a smooth version of stepDecay (Keras' ExponentialDecay). */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const decaySteps = options.decaySteps ?? 1;
  checkRate("exponentialDecay", "initial", options.initial);
  checkRate("exponentialDecay", "rate", options.rate);
  checkSteps("exponentialDecay", "decaySteps", decaySteps);
  return (t) => options.initial * options.rate ** (t / decaySteps);
}

export interface CosineDecayOptions {
  initial: number;
  /** Steps over which the rate falls from `initial` to `final`; it stays at `final` after. */
  totalSteps: number;
  /** @default 0 */
  final?: number;
}

/** final + (initial − final)·(1 + cos(π·t/T))/2: slow at both ends, fastest in the middle. */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const final = options.final ?? 0;
  checkRate("cosineDecay", "initial", options.initial);
  checkSteps("cosineDecay", "totalSteps", options.totalSteps);
  if (!(Number.isFinite(final) && final >= 0 && final <= options.initial)) {
    throw new RangeError(`cosineDecay: final must be a number in [0, initial]; got ${String(final)}`);
  }
  return (t) => {
    const progress = Math.min(t, options.totalSteps) / options.totalSteps;
    return final + ((options.initial - final) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}

export interface WarmupOptions {
  /** Steps of linear warm-up. */
  steps: number;
  /** What follows the warm-up: a fixed rate or a schedule (its step 0 is the first step after warm-up). */
  then: number | Schedule;
}

/**
 * Linear warm-up: the rate climbs from target/steps to the target over `steps` steps, then follows
 * `then`. Useful when the first gradients are large or Adam's moment estimates are still noisy.
 */
export function warmup(options: WarmupOptions): Schedule {
  checkSteps("warmup", "steps", options.steps);
  const after: Schedule = typeof options.then === "function" ? options.then : () => options.then as number;
  if (typeof options.then === "number") checkRate("warmup", "then", options.then);
  else if (typeof options.then !== "function") throw new TypeError("warmup: then must be a number or a schedule function");
  return (t) => (t < options.steps ? (after(0) * (t + 1)) / options.steps : after(t - options.steps));
}

/** The rates of the first `n` steps, for plotting a schedule. */
export function sampleSchedule(schedule: Schedule, n: number): number[] {
  if (typeof schedule !== "function") throw new TypeError("sampleSchedule: schedule must be a function of the step number");
  checkSteps("sampleSchedule", "n", n);
  return Array.from({ length: n }, (_, t) => schedule(t));
}
