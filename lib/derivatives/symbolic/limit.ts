/**
 * The derivative from its definition, f'(x) = lim_{h→0} (f(x + h) - f(x))/h, done by algebra:
 * expand f(x + h), cancel, divide by h, then let h go to 0 by setting it to 0. That finishes
 * whenever h cancels from the denominator, as it does for every polynomial; for sin, exp, log...
 * it does not (they need limits such as sin(h)/h → 1), and the error says so.
 *
 * @example limitDerivation("x^2").steps.map((s) => toText(s.expression))
 * // ["((x + h)^2 - x^2)/h", "(x^2 + 2hx + h^2 - x^2)/h", "(2hx + h^2)/h", "2x + h", "2x"]
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { dependsOn, div, num, sub, substitute, variable as variableNode, variablesOf, type Expr } from "./ast";
import { checkVariableName } from "./differentiate";
import { expand } from "./expand";
import { toExpr, type ParseOptions } from "./parse";
import { numericValue, value } from "./rational";
import { simplify } from "./simplify";
import { toText } from "./print";
import { checkOptions, shared } from "./guard";

export interface LimitStep {
  /** What was done, in words. */
  readonly label: string;
  readonly expression: Expr;
}

export interface LimitDerivationResult {
  readonly expression: Expr;
  readonly variable: string;
  readonly step: string;
  readonly steps: readonly LimitStep[];
  /** The derivative: the last step's expression. */
  readonly result: Expr;
}

/** Is there a division by something that vanishes with `h`, e.g. 1/h or sin(x + h)/h? */
function dividesBy(e: Expr, h: string): boolean {
  switch (e.kind) {
    case "num":
    case "const":
    case "var":
      return false;
    case "neg":
    case "call":
      return dividesBy(e.arg, h);
    case "div":
      return dependsOn(e.right, h) || dividesBy(e.left, h);
    case "pow": {
      const k = numericValue(e.right);
      return (dependsOn(e.left, h) && (!k || value(k) < 0)) || dividesBy(e.left, h) || dividesBy(e.right, h);
    }
    default:
      return dividesBy(e.left, h) || dividesBy(e.right, h);
  }
}

/**
 * Works the limit definition for `expression` in `variable`, with step name `step` (default h).
 * Throws when h does not cancel, naming the expression that is left.
 */
export function limitDerivation(expression: Expr | string, variable = "x", step = "h", options: ParseOptions = {}): LimitDerivationResult {
  checkVariableName(variable);
  checkVariableName(step, "step");
  checkOptions("options", options);
  const f = toExpr(expression, options);
  return shared(() => limitSteps(f, variable, step));
}

function limitSteps(f: Expr, variable: string, step: string): LimitDerivationResult {
  if (variablesOf(f).includes(step)) throw new RangeError(`the expression already uses ${step}; choose another name for the step`);
  const h = variableNode(step);
  const shifted = substitute(f, variable, { kind: "add", left: variableNode(variable), right: h });
  const numerator = expand(sub(shifted, f));
  const quotient = expand(div(numerator, h));
  const steps: LimitStep[] = [
    { label: "the difference quotient", expression: div(sub(shifted, f), h) },
    { label: `expand f(${variable} + ${step})`, expression: div(sub(expand(shifted), f), h) },
    { label: "cancel", expression: div(numerator, h) },
    { label: `divide by ${step}`, expression: quotient },
  ];
  if (dividesBy(quotient, step)) {
    throw new RangeError(
      `${step} does not cancel from ${toText(quotient)}: the limit of this quotient needs more than algebra ` +
        `(for example sin(h)/h → 1); use differentiate() or a table of difference quotients instead`,
    );
  }
  const result = simplify(substitute(quotient, step, num(0)));
  steps.push({ label: `let ${step} → 0`, expression: result });
  return { expression: f, variable, step, steps, result };
}
