/**
 * The elementary functions the engine knows: how to compute each one, where it is defined, its
 * derivative f'(u) as an expression (the chain rule multiplies by u'), and how to typeset it.
 * Adding a function means adding one entry here (and one line in tf.ts and dual/dual.ts).
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { call, div, mul, num, pow, sub, type Expr, type FunctionName } from "./ast";

export interface FunctionSpec {
  /** f(u) in float64. */
  apply: (u: number) => number;
  /** Where f is defined (all reals when absent), and how to say it in an error. */
  domain?: { contains: (u: number) => boolean; needs: string };
  /** f'(u), the outer derivative of the chain rule. */
  derivative: (u: Expr) => Expr;
  /** LaTeX for f applied to the already typeset argument. */
  latex: (arg: string) => string;
}

const paren = (arg: string) => `\\left(${arg}\\right)`;

/** An object with no prototype, frozen: looking up "toString" or "__proto__" in it finds nothing. */
export function table<T extends object>(entries: T): Readonly<T> {
  return Object.freeze(Object.assign(Object.create(null) as T, entries)); // Object.create is typed any
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = table({
  sin: { apply: Math.sin, derivative: (u) => call("cos", u), latex: (a) => `\\sin${paren(a)}` },
  cos: { apply: Math.cos, derivative: (u) => mul(num(-1), call("sin", u)), latex: (a) => `\\cos${paren(a)}` },
  // tan' = 1/cos^2 (= sec^2, written without sec so the engine needs no extra function)
  tan: { apply: Math.tan, derivative: (u) => div(num(1), pow(call("cos", u), num(2))), latex: (a) => `\\tan${paren(a)}` },
  exp: { apply: Math.exp, derivative: (u) => call("exp", u), latex: (a) => `e^{${a}}` },
  log: {
    apply: Math.log,
    domain: { contains: (u) => u > 0, needs: "a positive argument" },
    derivative: (u) => div(num(1), u),
    latex: (a) => `\\ln${paren(a)}`,
  },
  sqrt: {
    apply: Math.sqrt,
    domain: { contains: (u) => u >= 0, needs: "a non-negative argument" },
    derivative: (u) => div(num(1), mul(num(2), call("sqrt", u))),
    latex: (a) => `\\sqrt{${a}}`,
  },
  tanh: { apply: Math.tanh, derivative: (u) => sub(num(1), pow(call("tanh", u), num(2))), latex: (a) => `\\tanh${paren(a)}` },
  // σ' = σ(1 - σ): the reason the logistic function is cheap to differentiate
  sigmoid: {
    apply: (u) => 1 / (1 + Math.exp(-u)),
    derivative: (u) => mul(call("sigmoid", u), sub(num(1), call("sigmoid", u))),
    latex: (a) => `\\sigma${paren(a)}`,
  },
  atan: {
    apply: Math.atan,
    derivative: (u) => div(num(1), { kind: "add", left: num(1), right: pow(u, num(2)) }),
    latex: (a) => `\\arctan${paren(a)}`,
  },
  sinh: { apply: Math.sinh, derivative: (u) => call("cosh", u), latex: (a) => `\\sinh${paren(a)}` },
  cosh: { apply: Math.cosh, derivative: (u) => call("sinh", u), latex: (a) => `\\cosh${paren(a)}` },
});

/** Other spellings accepted by the parser. */
export const FUNCTION_ALIASES: Readonly<Record<string, FunctionName>> = table({ ln: "log", arctan: "atan" });

export const FUNCTION_NAMES: FunctionName[] = Object.keys(FUNCTIONS).filter(isFunctionName);

function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

/** The function called `name` (or an alias of it), if the engine knows one. @example lookupFunction("ln") // "log" */
export function lookupFunction(name: string): FunctionName | undefined {
  if (isFunctionName(name)) return name;
  return Object.hasOwn(FUNCTION_ALIASES, name) ? FUNCTION_ALIASES[name] : undefined;
}
