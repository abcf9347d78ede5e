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
 */
import { differenceQuotient, DIFFERENCE_SCHEMES, type DifferenceScheme } from "./numeric";
import { checkFunction, checkNumber, checkStep } from "../util/validate";

export interface LimitRow {
  h: number;
  /** The difference quotient with this h. */
  quotient: number;
  /** |quotient - exact|, when the exact derivative was given. */
  error?: number;
}

function checkSteps(hs: readonly number[]): void {
  if (!Array.isArray(hs) || hs.length === 0) throw new RangeError("hs must be a non-empty array of steps");
  hs.forEach(checkStep);
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
  const hs = options.hs ?? [1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6];
  checkSteps(hs);
  if (options.exact !== undefined) checkNumber("exact", options.exact);
  return hs.map((h) => {
    const quotient = differenceQuotient(f, x, h, options.scheme ?? "forward");
    return options.exact === undefined ? { h, quotient } : { h, quotient, error: Math.abs(quotient - options.exact) };
  });
}

/** 10^from, ..., 10^to in `perDecade` steps per power of ten, largest first. @example logSteps(-1, -3, 1) // [0.1, 0.01, 0.001] */
export function logSteps(from = -1, to = -16, perDecade = 4): number[] {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from > to))
    throw new RangeError(`logSteps needs integers from > to; got ${from}, ${to}`);
  if (!(Number.isInteger(perDecade) && perDecade >= 1)) throw new RangeError(`perDecade must be an integer >= 1; got ${perDecade}`);
  const n = (from - to) * perDecade;
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
  const exact = df(x);
  checkNumber("df(x)", exact);
  const hs = [...(options.hs ?? logSteps())];
  checkSteps(hs);
  return (options.schemes ?? DIFFERENCE_SCHEMES).map((scheme) => {
    const errors = hs.map((h) => Math.abs(differenceQuotient(f, x, h, scheme) - exact));
    const i = errors.indexOf(Math.min(...errors));
    return { scheme, hs, errors, best: { h: hs[i] as number, error: errors[i] as number } };
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
  const v = inputs[name];
  if (v === undefined || !Number.isFinite(v)) {
    throw new RangeError(`the ${scheme} scheme's truncation error needs ${name === "d2" ? "f''(x) as d2" : "f'''(x) as d3"}; got ${v}`);
  }
  return Math.abs(v);
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
  checkStep(h);
  checkNumber("fx", inputs.fx);
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
  checkNumber("fx", inputs.fx);
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
