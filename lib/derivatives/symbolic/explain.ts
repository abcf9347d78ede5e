/**
 * One call for a notebook's "type your own expression" cell: the derivation with its steps, a
 * cross-check of the result against tfjs autograd and a central difference, and a plot of the
 * function with its tangent.
 *
 * @example explainDerivative("(x^2 + 1)^3", { x0: 1 })
 * Introduced in [notebook 03](../../../notebooks/03-derivative-rules.ipynb).
 */
import { crossCheck } from "../../check/crosscheck";
import { show } from "../../plot/show";
import { tangentPlot } from "../../plot/charts";
import { fmt } from "../../util/format";
import { variablesOf, type Expr } from "./ast";
import { differentiate, type Derivation } from "./differentiate";
import { toFunction } from "./evaluate";
import { toExpr } from "./parse";
import { toText } from "./print";
import { showDerivation, type StepView } from "./show";
import { toTf } from "./tf";
import { checkOptions, describeValue } from "./guard";

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function checkExplainOptions(options: ExplainOptions): void {
  checkOptions("options", options);
  const { variable, x0, at, range, plot, steps } = options;
  if (variable !== undefined && (typeof variable !== "string" || !/^\p{L}[\p{L}\d_]*$/u.test(variable)))
    throw new RangeError(`options.variable must be a name such as "x"; got ${describeValue(variable)}`);
  if (x0 !== undefined && !finite(x0)) throw new RangeError(`options.x0 must be a finite number; got ${describeValue(x0)}`);
  if (at !== undefined && (!Array.isArray(at) || at.length === 0 || !at.every(finite)))
    throw new RangeError(`options.at must be a non-empty array of finite numbers; got ${describeValue(at)}`);
  if (range !== undefined && (!Array.isArray(range) || range.length !== 2 || !range.every(finite) || !(range[0] < range[1])))
    throw new RangeError(
      `options.range must be [from, to] with finite from < to; got ${Array.isArray(range) ? `[${range.map(describeValue).join(", ")}]` : describeValue(range)}`,
    );
  if (plot !== undefined && typeof plot !== "boolean")
    throw new TypeError(`options.plot must be true or false; got ${describeValue(plot)}`);
  if (steps !== undefined && steps !== "all" && steps !== "terms")
    throw new RangeError(`options.steps must be "all" or "terms"; got ${describeValue(steps)}`);
}

export interface ExplainOptions {
  /** The variable (default: the expression's only variable, or x). */
  variable?: string;
  /** Where the tangent touches (default 1). */
  x0?: number;
  /** Points for the cross-check (default: x0 and four points around it, those inside the domain). */
  at?: number[];
  /** Plot range (default [x0 - 3, x0 + 3]); pass plot: false for no plot. */
  range?: [number, number];
  plot?: boolean;
  /** The cross-check's display: true (a table, the default) or "line" (one ✓ line, once a reader has seen a table). */
  display?: true | "line";
  /** The derivation's steps: "all" (the default) or "terms" (one row per term of a sum). */
  steps?: StepView;
}

/** x0 and four points around it, keeping those where f and its derivative are defined. */
function defaultPoints(x0: number, f: (x: number) => number, df: (x: number) => number, text: string): number[] {
  const candidates = [x0 - 1, x0 - 0.5, x0, x0 + 0.5, x0 + 1].map((x) => Number(x.toPrecision(12)));
  const inside = candidates.filter((x) => {
    try {
      f(x);
      df(x);
      return true;
    } catch {
      return false;
    }
  });
  if (inside.length === 0) {
    throw new RangeError(
      `none of the points ${candidates.join(", ")} is inside the domain of ${text} and its derivative: choose another x0`,
    );
  }
  return inside;
}

/** Differentiates, shows the steps, cross-checks the result and plots the tangent; returns the derivation. */
export function explainDerivative(expression: Expr | string, options: ExplainOptions = {}): Derivation {
  checkExplainOptions(options);
  const e = toExpr(expression, { variables: options.variable && options.variable.length > 1 ? [options.variable] : [] });
  const vars = variablesOf(e);
  if (vars.length > 1) {
    throw new RangeError(
      `explainDerivative takes one variable, but ${toText(e)} has ${vars.join(", ")}: use symbolicGradient and showGradient`,
    );
  }
  const v = options.variable ?? vars[0] ?? "x";
  const x0 = options.x0 ?? 1;
  if (!Number.isFinite(x0)) throw new RangeError(`x0 must be a finite number; got ${x0}`);
  const d = differentiate(e, v);
  showDerivation(d, options.steps ?? "all");
  const f = toFunction(e, [v]);
  const df = toFunction(d.result, [v]);
  const at = options.at ?? defaultPoints(x0, f, df, toText(e));
  crossCheck({
    name: `d/d${v} ${toText(e)} = ${toText(d.result)}`,
    f,
    df,
    fTf: toTf(e, [v]),
    at,
    display: options.display ?? true,
  });
  if (options.plot !== false) {
    show(
      tangentPlot({
        f: toFunction(e, [v], { outsideDomain: "nan" }),
        df: toFunction(d.result, [v]),
        x0,
        range: options.range ?? [x0 - 3, x0 + 3],
        title: `${toText(e)} and its tangent at ${v} = ${fmt(x0)}`,
        name: toText(e),
      }),
    );
  }
  return d;
}
