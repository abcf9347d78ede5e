/**
 * Learning-rate schedules: functions from the step number t (0 for the first step) to a rate.
 * Pass one as `learningRate` to any optimizer. Start large for fast progress, end small so the
 * last steps settle instead of bouncing around the minimum.
 *
 * @example
 * const opt = sgd({ learningRate: cosineDecay({ initial: 0.1, totalSteps: 500 }) });
 * sampleSchedule(stepDecay({ initial: 1, factor: 0.5, every: 10 }), 30); // 1 ×10, 0.5 ×10, 0.25 ×10
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import { checkPositive, numberOption, type Schedule } from "./optimizer";
import { show } from "../util/validate";

function checkScheduleOptions(owner: string, options: unknown, example: string): void {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`${owner}: options must be an object such as ${example}; got ${show(options)}`);
}

/** What every decay schedule checks first: `options` is an object, with a positive `initial` rate, which it returns. */
function checkedInitial(owner: string, options: unknown, example: string): number {
  checkScheduleOptions(owner, options, example);
  const { initial } = options as { initial?: unknown };
  checkPositive(owner, "initial", initial);
  return initial as number;
}

function checkSteps(owner: string, name: string, value: unknown): asserts value is number {
  if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) {
    throw new RangeError(`${owner}: ${name} must be a positive integer; got ${show(value)}`);
  }
}

/** What every decay schedule starts from. */
export interface DecayOptions {
  /** The rate at step 0: a positive finite number. */
  initial: number;
}

export interface StepDecayOptions extends DecayOptions {
  /** Multiplier applied every `every` steps. @default 0.5 */
  factor?: number;
  /** Steps between drops. */
  every: number;
}

/** initial · factor^⌊t / every⌋: a staircase. */
export function stepDecay(options: StepDecayOptions): Schedule {
  const initial = checkedInitial("stepDecay", options, "{ initial: 0.1, every: 100 }");
  const factor = numberOption("stepDecay", "factor", options.factor, 0.5, checkPositive);
  checkSteps("stepDecay", "every", options.every);
  return (t) => initial * factor ** Math.floor(t / options.every);
}

export interface ExponentialDecayOptions extends DecayOptions {
  /** Multiplier per `decaySteps` steps (0 < rate <= 1 to decay). */
  rate: number;
  /** @default 1 */
  decaySteps?: number;
}

/** initial · rate^(t / decaySteps): a smooth version of stepDecay (Keras' ExponentialDecay). */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const initial = checkedInitial("exponentialDecay", options, "{ initial: 0.1, rate: 0.96 }");
  checkPositive("exponentialDecay", "rate", options.rate);
  const decaySteps = numberOption("exponentialDecay", "decaySteps", options.decaySteps, 1, checkSteps);
  return (t) => initial * options.rate ** (t / decaySteps);
}

export interface CosineDecayOptions extends DecayOptions {
  /** Steps over which the rate falls from `initial` to `final`; it stays at `final` after. */
  totalSteps: number;
  /** @default 0 */
  final?: number;
}

/** final + (initial − final)·(1 + cos(π·t/T))/2: slow at both ends, fastest in the middle. */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const initial = checkedInitial("cosineDecay", options, "{ initial: 0.1, totalSteps: 1000 }");
  checkSteps("cosineDecay", "totalSteps", options.totalSteps);
  const final = options.final === undefined ? 0 : options.final;
  if (!(typeof final === "number" && Number.isFinite(final) && final >= 0 && final <= initial)) {
    throw new RangeError(`cosineDecay: final must be a number in [0, initial]; got ${show(final)}`);
  }
  return (t) => {
    const progress = Math.min(t, options.totalSteps) / options.totalSteps;
    return final + ((initial - final) * (1 + Math.cos(Math.PI * progress))) / 2;
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
  checkScheduleOptions("warmup", options, "{ steps: 100, then: 0.1 }");
  checkSteps("warmup", "steps", options.steps);
  const after: Schedule = typeof options.then === "function" ? options.then : () => options.then as number;
  if (typeof options.then === "number") checkPositive("warmup", "then", options.then);
  else if (typeof options.then !== "function")
    throw new TypeError(`warmup: then must be a positive number or a schedule function (step) => rate; got ${show(options.then)}`);
  return (t) => (t < options.steps ? (after(0) * (t + 1)) / options.steps : after(t - options.steps));
}

/** The rates of the first `n` steps, for plotting a schedule. */
export function sampleSchedule(schedule: Schedule, n: number): number[] {
  if (typeof schedule !== "function")
    throw new TypeError(
      `sampleSchedule: schedule must be a function of the step number, such as cosineDecay({ ... }); got ${show(schedule)}`,
    );
  checkSteps("sampleSchedule", "n", n);
  return Array.from({ length: n }, (_, t) => schedule(t));
}
