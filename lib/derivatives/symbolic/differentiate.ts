/**
 * Symbolic differentiation with the working shown. The expression is walked from the outside
 * in; at each node the first rule of the table (rules.ts) that applies gives the derivative in
 * terms of the derivatives of the parts, and each application is recorded as a step, in the
 * order a person would write them down.
 *
 * @example
 * const d = differentiate("(x^2 + 1)^3");
 * toText(d.result);             // "6x(x^2 + 1)^2"
 * d.steps.map((s) => s.rule);   // ["chain", "sum", "power", "constant"]
 *
 * The work is shared (guard.ts): the simplifier remembers every subexpression it has seen during
 * one call, so a part that recurs in the derivatives of its parents (the v of the quotient rule)
 * is simplified once, and the time grows polynomially with the depth of nesting.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { variablesOf, type Expr } from "./ast";
import { checkOptions, describeValue, shared } from "./guard";
import { toExpr, type ParseOptions } from "./parse";
import { DIFFERENTIATION_RULES, type StepNote, type RuleName } from "./rules";
import { checkResult, simplifyTree } from "./simplify";

export interface DerivationStep {
  /** The rule applied, by name. */
  readonly rule: RuleName;
  /** The part of the expression being differentiated at this step. */
  readonly expression: Expr;
  /** Its derivative, simplified. */
  readonly derivative: Expr;
  /** How the rule was applied (words and expressions). */
  readonly note: StepNote;
  /** Nesting: 0 for the whole expression, 1 for its parts, ... */
  readonly depth: number;
}

export interface Derivation {
  /** The expression differentiated. */
  readonly expression: Expr;
  /** The variable differentiated with respect to. */
  readonly variable: string;
  /** The derivative, simplified. */
  readonly result: Expr;
  /** Every rule application, outermost first. */
  readonly steps: readonly DerivationStep[];
  /** True when the expression has other variables, held constant: a partial derivative. */
  readonly partial: boolean;
}

/** Throws unless `variable` is a name such as "x" or "w1". @example checkVariableName("x") */
export function checkVariableName(variable: unknown, argument = "variable"): asserts variable is string {
  if (typeof variable !== "string" || !/^\p{L}[\p{L}\d_]*$/u.test(variable)) {
    throw new RangeError(`${argument} must be a name such as "x"; got ${describeValue(variable)}`);
  }
}

/**
 * d/d`variable` of `expression` (source text or a tree), with the steps.
 * Other variables are held constant, which makes it a partial derivative.
 */
export function differentiate(expression: Expr | string, variable = "x", options: ParseOptions = {}): Derivation {
  checkVariableName(variable);
  checkOptions("options", options);
  const expr = toExpr(expression, options);
  return shared(() => derivation(expr, variable));
}

function derivation(expr: Expr, variable: string): Derivation {
  const steps: Array<{ -readonly [K in keyof DerivationStep]: DerivationStep[K] }> = [];
  const derive = (e: Expr, depth: number): Expr => {
    const rule = DIFFERENTIATION_RULES.find((r) => r.applies(e, variable));
    // the last rule ("general power") takes any power, and every other kind has a rule
    if (!rule) throw new Error(`no differentiation rule for a ${e.kind} node`);
    const step = { rule: rule.name, expression: e, derivative: e, note: rule.explain(e, variable), depth };
    steps.push(step);
    step.derivative = simplifyTree(rule.derive(e, variable, (part) => derive(part, depth + 1)));
    return step.derivative;
  };
  const result = checkResult("the derivative", derive(expr, 0));
  const others = variablesOf(expr).filter((v) => v !== variable);
  return { expression: expr, variable, result, steps, partial: others.length > 0 };
}
