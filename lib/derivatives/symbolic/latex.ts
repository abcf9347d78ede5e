/**
 * LaTeX for an expression, for notebook output rendered by MathJax: fractions as \frac, powers
 * as superscripts, exp(u) as e^{u}, log as \ln, sigmoid as \sigma.
 *
 * @example toLatex(parse("6x(x^2 + 1)^2")) // "6x\\left(x^{2} + 1\\right)^{2}"
 * Introduced in [notebook 03](../../../notebooks/03-derivative-rules.ipynb).
 */
import type { Expr } from "./ast";
import { FUNCTIONS } from "./functions";
import { checkTree, describeValue } from "./guard";
import { firstAtom, formatNumber, operatorIn, precedence, printIn, type Notation } from "./print";

const GREEK = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "zeta",
  "eta",
  "theta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "rho",
  "sigma",
  "tau",
  "phi",
  "chi",
  "psi",
  "omega",
]);

const paren = (text: string, yes: boolean) => (yes ? `\\left(${text}\\right)` : text);

/** A variable name in LaTeX. @example latexName("x1") // "x_{1}"; latexName("theta") // "\\theta" */
export function latexName(name: string): string {
  if (typeof name !== "string" || name === "")
    throw new TypeError(`name must be a variable name such as "x1" or "theta"; got ${describeValue(name)}`);
  const m = /^(\p{L}+)(\d*)(?:_([\p{L}\d]+))?$/u.exec(name);
  if (!m) return `\\mathrm{${name}}`;
  const [, letters = "", digits = "", sub = ""] = m;
  const head = letters.length === 1 ? letters : GREEK.has(letters) ? `\\${letters}` : `\\mathrm{${letters}}`;
  const index = digits + (digits && sub ? "," : "") + sub;
  return index ? `${head}_{${index}}` : head;
}

function latexNumber(value: number): string {
  const text = formatNumber(value);
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : text;
}

/** exp(u) is typeset as e^{u}, so as a base it needs parentheses like a power. */
const basePrecedence = (e: Expr) => (e.kind === "call" && e.fn === "exp" ? 4 : precedence(e));

/** LaTeX: fractions, superscripts, \left( \right), thin joins between factors. */
const LATEX: Notation = {
  paren,
  num: latexNumber,
  name: latexName,
  constant: (name) => (name === "pi" ? "\\pi" : "e"),
  call: (fn, arg) => FUNCTIONS[fn].latex(arg),
  product: (_left, l, right, r) => {
    const lead = firstAtom(right);
    const numberNext = lead?.kind === "num" && precedence(right) >= 2 && !r.startsWith("\\left");
    return numberNext ? `${l} \\cdot ${r}` : `${l}${/^[\p{L}\\]/u.test(r) && /[\p{L}}]$/u.test(l) ? " " : ""}${r}`;
  },
  quotient: (left, right, print) => `\\frac{${print(left)}}{${print(right)}}`,
  power: (base, exponent, print) => `${paren(print(base), basePrecedence(base) < 5)}^{${print(exponent)}}`,
};

/**
 * An operator written in front of an expression, such as \lim_{h \to 0}: the expression is
 * parenthesised when it is a sum (the operator binds tighter than + and -).
 * @example operatorLatex("\\lim_{h \\to 0}", parse("2x + h")) // "\\lim_{h \\to 0} \\left(2x + h\\right)"
 */
export function operatorLatex(operator: string, e: Expr): string {
  return operatorIn(LATEX, operator, e);
}

/** The expression in LaTeX. @example toLatex(parse("x^2/2")) // "\\frac{x^{2}}{2}" */
export function toLatex(e: Expr): string {
  checkTree("expression", e);
  return printIn(LATEX, e);
}
