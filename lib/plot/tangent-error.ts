/**
 * Zooming in on a smooth curve: near x0 it looks more and more like its tangent line. How much
 * more is measured by the tangent's error, |f(x0 + Δx) − f(x0) − f'(x0)·Δx|, which shrinks like
 * Δx² (the next term of the Taylor expansion, f''(x0)·Δx²/2). On log–log axes that is a line of
 * slope 2: ten times closer, a hundred times smaller error.
 *
 * @example
 * const study = tangentErrors({ f: (x) => x ** 3, df: (x) => 3 * x * x, x0: 1 });
 * study.slope; // ≈ 2
 * show(tangentErrorPlot(study));
 * Introduced in [notebook 01](../../notebooks/01-derivatives-rate-of-change.ipynb).
 */
import { fmt } from "../util/format";
import type { Fn1 } from "./charts";
import type { Figure } from "./figure";
import { checkFields, checkOptions, checkString, show } from "../util/validate";

import { at } from "../util/array";
export interface TangentErrorOptions {
  f: Fn1;
  /** The derivative of f, which gives the tangent's slope. */
  df: Fn1;
  x0: number;
  /** The steps Δx, positive. @default 17 steps from 0.1 down to 1e-5, four per decade */
  steps?: readonly number[];
}

export interface TangentErrorStudy {
  x0: number;
  steps: number[];
  /** |f(x0 + Δx) − f(x0) − f'(x0)·Δx| for each step. */
  errors: number[];
  /** Least-squares slope of log(error) against log(Δx): the order in which the error shrinks. */
  slope: number;
}

/** The tangent line's error at each step, and the slope of the error on log–log axes. */
export function tangentErrors(options: TangentErrorOptions): TangentErrorStudy {
  checkFields("tangentErrors", options, { f: "function", df: "function", x0: "number", steps: "numbers?" });
  const { f, df, x0 } = options;
  if (typeof f !== "function" || typeof df !== "function") throw new TypeError("tangentErrors: f and df must be functions of a number");
  if (!Number.isFinite(x0)) throw new RangeError(`tangentErrors: x0 must be a finite number; got ${x0}`);
  const steps = options.steps ? [...options.steps] : Array.from({ length: 17 }, (_, k) => 10 ** (-1 - k / 4));
  if (steps.length < 2 || !steps.every((h) => Number.isFinite(h) && h > 0)) {
    throw new RangeError(`tangentErrors: steps must be at least two positive numbers; got [${steps.join(", ")}]`);
  }
  const fx = f(x0);
  const slope0 = df(x0);
  if (!Number.isFinite(fx) || !Number.isFinite(slope0))
    throw new RangeError(`tangentErrors: f(x0) = ${fmt(fx)} and f'(x0) = ${fmt(slope0)} must be finite`);
  const values = steps.map((h) => f(x0 + h));
  const errors = steps.map((h, i) => Math.abs(at(values, i, "values") - fx - slope0 * h));
  // An error at the level of rounding (a few ulps of the numbers subtracted) is not the tangent's
  // error but float noise, e.g. for a straight line, where the true error is 0.
  const roundoff = (i: number) =>
    64 * Number.EPSILON * Math.max(Math.abs(at(values, i, "values")), Math.abs(fx), Math.abs(slope0 * at(steps, i, "steps")));
  const bad = errors.findIndex((e, i) => !(Number.isFinite(e) && e > roundoff(i)));
  if (bad >= 0) {
    throw new RangeError(
      `tangentErrors: the error at Δx = ${fmt(at(steps, bad, "steps"))} is ${fmt(at(errors, bad, "errors"))}; it must be finite and > 0 (above rounding error) to be drawn on log axes (is f a straight line near x0?)`,
    );
  }
  const lx = steps.map(Math.log10);
  const ly = errors.map(Math.log10);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((v, i) => {
    sxy += (v - mx) * (at(ly, i, "ly") - my);
    sxx += (v - mx) ** 2;
  });
  return { x0, steps, errors, slope: sxy / sxx };
}

/**
 * The tangent's error against Δx on log–log axes, with a reference line of slope 2 through the
 * smallest step's error. Accepts a study or the options to make one.
 */
export function tangentErrorPlot(study: TangentErrorStudy | TangentErrorOptions, options: { title?: string } = {}): Figure {
  if (typeof study !== "object" || study === null || Array.isArray(study))
    throw new TypeError(`tangentErrorPlot: study must be the result of tangentErrors or its options { f, df, x0 }; got ${show(study)}`);
  checkOptions("tangentErrorPlot: options", options);
  if (options.title !== undefined) checkString("tangentErrorPlot: title", options.title, true);
  const s = "errors" in study ? study : tangentErrors(study);
  const last = s.steps.length - 1;
  const c = at(s.errors, last, "s.errors") / at(s.steps, last, "s.steps") ** 2;
  return {
    data: [
      { type: "scatter", mode: "markers", name: `tangent's error (fitted slope ${fmt(s.slope, 3)})`, x: s.steps, y: s.errors },
      { type: "scatter", mode: "lines", name: "slope 2: c·Δx²", x: s.steps, y: s.steps.map((h) => c * h * h), line: { dash: "dash" } },
    ],
    layout: {
      title: { text: options.title ?? `Zooming in at x = ${fmt(s.x0)}: the curve minus its tangent line` },
      xaxis: { title: { text: "Δx" }, type: "log" },
      yaxis: { title: { text: "|f(x0 + Δx) − f(x0) − f'(x0)·Δx|" }, type: "log" },
    },
  };
}
