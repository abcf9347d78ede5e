/**
 * How good is a difference quotient, as the step h shrinks? Two errors pull in opposite ways:
 *
 * - truncation, from the formula itself: about |f''| h / 2 for forward and backward
 *   differences, |f'''| h^2 / 6 for central ones; it falls as h shrinks;
 * - round-off, from float64: f(x + h) and f(x) agree in more and more leading digits, their
 *   difference keeps only the last few, and dividing by a small h magnifies that loss; about
 *   eps |f| / h (eps = 2^-52 ≈ 2.2e-16); it rises as h shrinks.
 *
 * Their sum is the U-shaped curve of error against h, lowest near h ≈ sqrt(eps) ≈ 1e-8 for
 * forward differences and h ≈ cbrt(eps) ≈ 1e-5 for central ones.
 * Introduced in [notebook 01](../../notebooks/01-derivatives-rate-of-change.ipynb).
 */
import { checkScheme, differenceQuotient, DIFFERENCE_SCHEMES, type DifferenceScheme } from "./numeric";
import { checkFunction, checkInteger, checkNumber, checkOptions, checkStep, show } from "../util/validate";
import { at } from "../util/array";

export interface LimitRow {
  h: number;
  /** The difference quotient with this h. */
  quotient: number;
  /** |quotient - exact|, when the exact derivative was given. */
  error?: number;
}

function checkSteps(hs: unknown, name = "options.hs"): asserts hs is readonly number[] {
  if (!Array.isArray(hs) || hs.length === 0)
    throw new RangeError(`${name} must be a non-empty array of positive steps such as [0.1, 0.01]; got ${show(hs)}`);
  hs.forEach((h, i) => checkStep(h, `${name}[${i}]`));
}

/**
 * Difference quotients of f at x for shrinking steps (default 1, 0.1, ..., 1e-6): the limit of
 * the definition, approached numerically.
 * @example limitTable((x) => x * x, 2, { exact: 4 }) // quotients 5, 4.1, 4.01, ... (= 4 + h)
 */
export function limitTable(
  f: (x: number) => number,
  x: number,
  options: { hs?: readonly number[]; scheme?: DifferenceScheme; exact?: number } = {},
): LimitRow[] {
  checkFunction("f", f, "(x: number) => number");
  checkNumber("x", x);
  checkOptions("options", options);
  const hs = options.hs === undefined ? [1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6] : options.hs;
  checkSteps(hs);
  if (options.exact !== undefined) checkNumber("options.exact", options.exact);
  const scheme = options.scheme === undefined ? "forward" : options.scheme;
  checkScheme(scheme, "options.scheme");
  return hs.map((h) => {
    const quotient = differenceQuotient(f, x, h, scheme);
    return options.exact === undefined ? { h, quotient } : { h, quotient, error: Math.abs(quotient - options.exact) };
  });
}

/** The most steps logSteps makes (it refuses a grid longer than this). */
export const MAX_LOG_STEPS = 10_000;

/**
 * 10^from, ..., 10^to in `perDecade` steps per power of ten, largest first. Every step is a
 * positive float64 number: from <= 308 (10^309 overflows to Infinity) and to >= -323 (10^-324
 * underflows to 0); at most MAX_LOG_STEPS steps.
 * @example logSteps(-1, -3, 1) // [0.1, 0.01, 0.001]
 */
export function logSteps(from = -1, to = -16, perDecade = 4): number[] {
  if (!(Number.isInteger(from) && from <= 308))
    throw new RangeError(`from must be an integer exponent <= 308 (such as -1); got ${show(from)}`);
  if (!(Number.isInteger(to) && to >= -323 && to < from))
    throw new RangeError(`to must be an integer exponent >= -323 and below from = ${from} (such as -16); got ${show(to)}`);
  checkInteger("perDecade", perDecade, 1);
  const n = (from - to) * perDecade;
  if (n + 1 > MAX_LOG_STEPS)
    throw new RangeError(`logSteps(${from}, ${to}, perDecade = ${perDecade}) would make ${n + 1} steps, more than ${MAX_LOG_STEPS}`);
  return Array.from({ length: n + 1 }, (_, i) => 10 ** (from - i / perDecade));
}

export interface StepErrorCurve {
  scheme: DifferenceScheme;
  hs: number[];
  /** |difference quotient - exact derivative| for each h. */
  errors: number[];
  /** The step with the smallest error on this grid. */
  best: { h: number; error: number };
}

/**
 * The error of each scheme against the exact derivative df(x), over a grid of steps
 * (default logSteps(-1, -16): 1e-1 down to 1e-16, four per decade).
 * @example stepErrors(Math.sin, Math.cos, 1).map((c) => c.best.h) // about [1e-8, 1e-8, 1e-5]
 */
export function stepErrors(
  f: (x: number) => number,
  df: (x: number) => number,
  x: number,
  options: { hs?: readonly number[]; schemes?: readonly DifferenceScheme[] } = {},
): StepErrorCurve[] {
  checkFunction("f", f, "(x: number) => number");
  checkFunction("df", df, "(x: number) => number");
  checkNumber("x", x);
  checkOptions("options", options);
  const exact = df(x);
  checkNumber("df(x)", exact);
  const given = options.hs === undefined ? logSteps() : options.hs;
  checkSteps(given);
  const hs = [...given];
  const schemes: unknown = options.schemes === undefined ? DIFFERENCE_SCHEMES : options.schemes;
  if (!Array.isArray(schemes) || schemes.length === 0)
    throw new RangeError(`options.schemes must be a non-empty array such as ["forward", "central"]; got ${show(schemes)}`);
  const checked = schemes.map((s: unknown, i): DifferenceScheme => {
    checkScheme(s, `options.schemes[${i}]`);
    return s;
  });
  return checked.map((scheme) => {
    const errors = hs.map((h) => Math.abs(differenceQuotient(f, x, h, scheme) - exact));
    // the smallest error, and its step: hs and errors are non-empty and of one length
    const i = errors.indexOf(Math.min(...errors));
    return { scheme, hs, errors, best: { h: at(hs, i, "hs"), error: at(errors, i, "errors") } };
  });
}

/** Machine epsilon of float64: the gap between 1 and the next double, 2^-52 ≈ 2.2e-16. */
export const EPS = Number.EPSILON;

export interface ErrorModelInputs {
  /** |f(x)|, which sets the scale of round-off. */
  fx: number;
  /** f''(x), for forward and backward differences. */
  d2?: number;
  /** f'''(x), for central differences. */
  d3?: number;
}

function needs(name: "d2" | "d3", inputs: ErrorModelInputs, scheme: DifferenceScheme): number {
  const v: unknown = inputs[name];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new RangeError(
      `the ${scheme} scheme's truncation error needs ${name === "d2" ? "f''(x) as inputs.d2" : "f'''(x) as inputs.d3"}; got ${show(v)}`,
    );
  }
  return Math.abs(v);
}

/** Checks errorModel's and optimalStep's scheme and inputs, named as the caller knows them. */
function checkModel(scheme: unknown, inputs: unknown): asserts inputs is ErrorModelInputs {
  checkScheme(scheme);
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs))
    throw new TypeError(`inputs must be an object such as { fx: 0.84, d3: -0.54 } (|f(x)| and f''(x) or f'''(x)); got ${show(inputs)}`);
  checkNumber("inputs.fx", "fx" in inputs ? inputs.fx : undefined);
}

/**
 * The two error terms predicted for step h: truncation (Taylor's remainder) and round-off
 * (eps |f| / h for one-sided, eps |f| / 2h for central differences).
 * @example errorModel("central", 1e-5, { fx: Math.sin(1), d3: -Math.cos(1) }).total // ≈ 1.5e-11
 */
export function errorModel(
  scheme: DifferenceScheme,
  h: number,
  inputs: ErrorModelInputs,
): { truncation: number; roundoff: number; total: number } {
  checkModel(scheme, inputs);
  checkStep(h);
  const fx = Math.abs(inputs.fx);
  const truncation = scheme === "central" ? (needs("d3", inputs, scheme) * h * h) / 6 : (needs("d2", inputs, scheme) * h) / 2;
  const roundoff = scheme === "central" ? (EPS * fx) / (2 * h) : (EPS * fx) / h;
  return { truncation, roundoff, total: truncation + roundoff };
}

/**
 * The h minimising errorModel's total: sqrt(2 eps |f| / |f''|) one-sided,
 * cbrt(1.5 eps |f| / |f'''|) central.
 * @example optimalStep("central", { fx: Math.sin(1), d3: -Math.cos(1) }) // ≈ 8e-6
 */
export function optimalStep(scheme: DifferenceScheme, inputs: ErrorModelInputs): number {
  checkModel(scheme, inputs);
  const fx = Math.abs(inputs.fx);
  const h =
    scheme === "central"
      ? Math.cbrt((1.5 * EPS * fx) / needs("d3", inputs, scheme))
      : Math.sqrt((2 * EPS * fx) / needs("d2", inputs, scheme));
  if (!(h > 0 && Number.isFinite(h))) {
    const which = scheme === "central" ? "f'''(x)" : "f''(x)";
    throw new RangeError(
      `no finite best step: with |f(x)| = ${fx} and ${which} = ${inputs[scheme === "central" ? "d3" : "d2"]}, one error term is zero`,
    );
  }
  return h;
}
