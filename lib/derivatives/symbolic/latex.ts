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
import { firstAtom, formatNumber, isNegative, precedence } from "./print";

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

/**
 * An operator written in front of an expression, such as \lim_{h \to 0}: the expression is
 * parenthesised when it is a sum (the operator binds tighter than + and -).
 * @example operatorLatex("\\lim_{h \\to 0}", parse("2x + h")) // "\\lim_{h \\to 0} \\left(2x + h\\right)"
 */
export function operatorLatex(operator: string, e: Expr): string {
  checkTree("expression", e);
  return `${operator} ${paren(latex(e), precedence(e) < 2 || isNegative(e))}`;
}

/** The expression in LaTeX. @example toLatex(parse("x^2/2")) // "\\frac{x^{2}}{2}" */
export function toLatex(e: Expr): string {
  checkTree("expression", e);
  return latex(e);
}

function latex(e: Expr): string {
  switch (e.kind) {
    case "num":
      return latexNumber(e.value);
    case "var":
      return latexName(e.name);
    case "const":
      return e.name === "pi" ? "\\pi" : "e";
    case "call":
      return FUNCTIONS[e.fn].latex(latex(e.arg));
    case "neg":
      return `-${paren(latex(e.arg), precedence(e.arg) <= 1 || isNegative(e.arg))}`;
    case "add":
    case "sub": {
      const rightParens = isNegative(e.right) || (e.kind === "sub" && precedence(e.right) <= 1);
      return `${latex(e.left)} ${e.kind === "add" ? "+" : "-"} ${paren(latex(e.right), rightParens)}`;
    }
    case "mul": {
      const l = paren(latex(e.left), precedence(e.left) < 2);
      const right = latex(e.right);
      const r = paren(right, precedence(e.right) < 2 || right.startsWith("-"));
      const lead = firstAtom(e.right);
      const numberNext = lead?.kind === "num" && precedence(e.right) >= 2 && !r.startsWith("\\left");
      return numberNext ? `${l} \\cdot ${r}` : `${l}${/^[\p{L}\\]/u.test(r) && /[\p{L}}]$/u.test(l) ? " " : ""}${r}`;
    }
    case "div":
      return `\\frac{${latex(e.left)}}{${latex(e.right)}}`;
    case "pow":
      return `${paren(latex(e.left), basePrecedence(e.left) < 5)}^{${latex(e.right)}}`;
  }
}
