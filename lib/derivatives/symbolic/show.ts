/**
 * Derivations in notebook output: the result as an equation, and the steps as a table naming
 * each rule, typeset by MathJax (text/markdown with $...$), with a plain-text fallback.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { showMarkdown } from "../../display/math";
import type { Expr } from "./ast";
import type { Derivation } from "./differentiate";
import type { SymbolicGradientResult } from "./gradient";
import { checkDerivation, checkGradient, checkLimitDerivation } from "./guard";
import { latexName, operatorLatex as applyLatex, toLatex } from "./latex";
import type { LimitDerivationResult } from "./limit";
import { operatorText as applyText, toText } from "./print";
import type { StepNote } from "./rules";

/** d/dx or ∂/∂x in LaTeX. */
function operatorLatex(variable: string, partial: boolean): string {
  const d = partial ? "\\partial " : "d";
  return `\\frac{${d}}{${d}${latexName(variable)}}`;
}

function operatorText(variable: string, partial: boolean): string {
  return `${partial ? "∂" : "d"}/${partial ? "∂" : "d"}${variable}`;
}

/** The derivation's result as a LaTeX equation. @example derivationLatex(differentiate("x^3")) // "\\frac{d}{dx}\\left[x^{3}\\right] = 3x^{2}" */
export function derivationLatex(d: Derivation): string {
  checkDerivation("d", d);
  return `${operatorLatex(d.variable, d.partial)}\\left[${toLatex(d.expression)}\\right] = ${toLatex(d.result)}`;
}

/** The same as text. @example derivationText(differentiate("x^3")) // "d/dx [x^3] = 3x^2" */
export function derivationText(d: Derivation): string {
  checkDerivation("d", d);
  return `${operatorText(d.variable, d.partial)} [${toText(d.expression)}] = ${toText(d.result)}`;
}

function noteMarkdown(note: StepNote): string {
  return note.map((part) => (typeof part === "string" ? part : `$${toLatex(part)}$`)).join("");
}

function noteText(note: StepNote): string {
  return note.map((part) => (typeof part === "string" ? part : toText(part))).join("");
}

/** Which steps a derivation shows: every step, or one row per term of a sum and none inside a term. */
export type StepView = "all" | "terms";

type Step = Derivation["steps"][number];
const SUMS = new Set(["sum", "difference"]);

/**
 * The steps of the "terms" view: a sum nested in a sum (a + b + c is (a + b) + c) is folded into
 * the outer one, so the sum has one row per term, and the steps inside each term are left out.
 */
function termSteps(steps: readonly Step[]): Step[] {
  const shown: Step[] = [];
  const parents: Step[] = []; // parents[k]: the latest step at depth k
  const level = new Map<Step, number>(); // a step's depth once nested sums are folded
  for (const s of steps) {
    parents[s.depth] = s;
    const parent = s.depth > 0 ? parents[s.depth - 1] : undefined;
    const folded = parent !== undefined && SUMS.has(s.rule) && SUMS.has(parent.rule) && level.get(parent) === 0;
    const depth = parent === undefined ? 0 : folded ? 0 : (level.get(parent) ?? 0) + 1;
    level.set(s, depth);
    if (!folded && depth <= 1) shown.push({ ...s, depth });
  }
  return shown;
}

/**
 * The steps as a Markdown table (rule, step, how) and as indented text; `view: "terms"` keeps one
 * row per term of a sum (see StepView).
 * @example derivationMarkdown(differentiate("x^3")).plain
 */
export function derivationMarkdown(d: Derivation, view: StepView = "all"): { markdown: string; plain: string } {
  checkDerivation("d", d);
  if (view !== "all" && view !== "terms") throw new RangeError(`view must be "all" or "terms"; got ${String(view)}`);
  const op = operatorLatex(d.variable, d.partial);
  const steps = view === "terms" ? termSteps(d.steps) : d.steps;
  const rows = steps.map((s, i) => {
    const indent = "&emsp;".repeat(s.depth);
    const step = `$${op}\\left[${toLatex(s.expression)}\\right] = ${toLatex(s.derivative)}$`;
    return `| ${i + 1} | ${indent}${s.rule} | ${step} | ${noteMarkdown(s.note)} |`;
  });
  const markdown = [`$$${derivationLatex(d)}$$`, "", "| # | rule | step | how |", "|---|---|---|---|", ...rows].join("\n");
  const opText = operatorText(d.variable, d.partial);
  const lines = steps.map(
    (s, i) =>
      `${String(i + 1).padStart(2)}. ${"  ".repeat(s.depth)}${s.rule}: ${opText} [${toText(s.expression)}] = ${toText(s.derivative)}   (${noteText(s.note)})`,
  );
  return { markdown, plain: [derivationText(d), ...lines].join("\n") };
}

/**
 * Shows a derivation: the equation and the table of steps (all of them, or with `view: "terms"`
 * one row per term of a sum). @example showDerivation(differentiate("(x^2 + 1)^3"))
 */
export function showDerivation(d: Derivation, view: StepView = "all"): void {
  checkDerivation("d", d);
  const { markdown, plain } = derivationMarkdown(d, view);
  showMarkdown(markdown, plain);
}

/** Shows the partial derivatives and the gradient vector. @example showGradient(symbolicGradient("x^2 + 3xy + y^2")) */
export function showGradient(g: SymbolicGradientResult): void {
  checkGradient("g", g);
  const f = toLatex(g.expression);
  const lines = g.partials.map((d) => `$$\\frac{\\partial f}{\\partial ${latexName(d.variable)}} = ${toLatex(d.result)}$$`);
  const vector = `$$\\nabla f = \\left[${g.partials.map((d) => toLatex(d.result)).join(",\\; ")}\\right]$$`;
  const plain = [
    `f(${g.variables.join(", ")}) = ${toText(g.expression)}`,
    ...g.partials.map((d) => `∂f/∂${d.variable} = ${toText(d.result)}`),
    `∇f = [${g.partials.map((d) => toText(d.result)).join(", ")}]`,
  ];
  showMarkdown([`$$f(${g.variables.map(latexName).join(", ")}) = ${f}$$`, ...lines, vector].join("\n\n"), plain.join("\n"));
}

/**
 * A step's label as LaTeX text: `\text{...}` with TeX's special characters escaped and each arrow
 * set as math between two text runs (math nested in `\text` with `$` breaks markdown renderers
 * that look for `$` delimiters, such as the book's).
 */
function textLatex(label: string): string {
  const escaped = label.replace(/[\\{}$&#%_^~]/g, (c) =>
    c === "\\" ? "\\textbackslash{}" : c === "^" || c === "~" ? `\\${c}{}` : `\\${c}`,
  );
  return `\\text{${escaped.replace(/→/g, () => "}\\to\\text{")}}`;
}

/** Shows the limit-definition derivation as a chain of equalities. @example showLimitDerivation(limitDerivation("x^2")) */
export function showLimitDerivation(l: LimitDerivationResult): void {
  checkLimitDerivation("l", l);
  const x = latexName(l.variable);
  const h = latexName(l.step);
  const lim = `\\lim_{${h} \\to 0}`;
  const body = l.steps.map((s, i) => {
    const expr = (e: Expr) => (i === l.steps.length - 1 ? toLatex(e) : applyLatex(lim, e));
    return `${i === 0 ? `f'(${x})` : ""} &= ${expr(s.expression)} && ${textLatex(s.label)}`;
  });
  const latex = `\\begin{aligned}${body.join(" \\\\ ")}\\end{aligned}`;
  const plain = l.steps.map(
    (s, i) =>
      `${i === 0 ? `f'(${l.variable})` : "     "} = ${i === l.steps.length - 1 ? toText(s.expression) : applyText(`lim ${l.step}→0`, s.expression)}   (${s.label})`,
  );
  showMarkdown(`$$${latex}$$`, plain.join("\n"));
}
