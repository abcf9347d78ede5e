// Bad input to every exported function of the symbolic engine: each bad value gets a clear error
// naming the argument (lib/numeric, dual, optim, tape and random have tables of their own in
// bad-input-*.test.ts).
import * as symbolic from "../../lib/derivatives/symbolic";
import { tf } from "../../lib/tf";
import { badInputTable, type Argument } from "./bad-input";

const S = symbolic as unknown as Record<keyof typeof symbolic, (...args: unknown[]) => unknown>;
const tree = symbolic.parse("x^2 + 1");
const d = symbolic.differentiate("x^2");
const g = symbolic.symbolicGradient("x^2 + 3xy");
const l = symbolic.limitDerivation("x^2");

/** An expression argument: source text or a tree; "x" is a good one. */
const expression = (call: (bad: unknown) => unknown, name = "expression"): Argument => ({ name, call, valid: ["a string"] });
/** An optional options object. */
const options = (call: (bad: unknown) => unknown, name = "options"): Argument => ({ name, call, valid: ["undefined", "an empty object"] });
/** An optional list of variable names. */
const names = (call: (bad: unknown) => unknown, name = "variables"): Argument => ({
  name,
  call,
  valid: ["undefined", "an array of strings"],
});
/** A required variable name ("x" is a good one); `optional` when it has a default. */
const variable = (call: (bad: unknown) => unknown, name: string, optional = true): Argument => ({
  name,
  call,
  valid: optional ? ["undefined", "a string"] : ["a string"],
});

const finiteNumber = ["a number", "a negative number", "a fraction"];

const table: Record<string, Argument[]> = {
  parse: [{ name: "source", call: (b) => S.parse(b), valid: ["a string"] }, options((b) => S.parse("x", b))],
  toExpr: [expression((b) => S.toExpr(b)), options((b) => S.toExpr("x", b))],
  exprEquals: [expression((b) => S.exprEquals(b, tree), "a"), expression((b) => S.exprEquals(tree, b), "b")],
  variablesOf: [expression((b) => S.variablesOf(b), "e")],
  dependsOn: [expression((b) => S.dependsOn(b, "x"), "e"), variable((b) => S.dependsOn(tree, b), "name", false)],
  substitute: [
    expression((b) => S.substitute(b, "x", tree), "e"),
    variable((b) => S.substitute(tree, b, tree), "name", false),
    expression((b) => S.substitute(tree, "x", b), "by"),
  ].map((a) => ({ ...a, valid: a.name === "name" ? ["a string"] : [] })),
  evaluateExpression: [
    expression((b) => S.evaluateExpression(b, { x: 1 })),
    { name: "values", call: (b) => S.evaluateExpression("x^2", b) },
  ],
  evaluateWith: [
    { name: "e", call: (b) => S.evaluateWith(b, () => 1, numbers), mentions: /\be\b|expression/ },
    { name: "lookup", call: (b) => S.evaluateWith(tree, b, numbers), valid: ["a function"] },
    { name: "algebra", call: (b) => S.evaluateWith(tree, () => 1, b) },
  ],
  toFunction: [
    expression((b) => S.toFunction(b)),
    names((b) => S.toFunction("x", b)),
    options((b) => S.toFunction("x", undefined, b)),
    { name: "argument 1", call: (b) => (S.toFunction("x^2") as (x: unknown) => number)(b), valid: finiteNumber },
  ],
  simplify: [expression((b) => S.simplify(b), "expression")].map((a) => ({ ...a, valid: [] })),
  expand: [expression((b) => S.expand(b), "expression")].map((a) => ({ ...a, valid: [] })),
  toText: [expression((b) => S.toText(b), "expression")].map((a) => ({ ...a, valid: [] })),
  toLatex: [expression((b) => S.toLatex(b), "expression")].map((a) => ({ ...a, valid: [] })),
  latexName: [{ name: "name", call: (b) => S.latexName(b), valid: ["a string"] }],
  differentiate: [
    expression((b) => S.differentiate(b)),
    variable((b) => S.differentiate("x^2", b), "variable"),
    options((b) => S.differentiate("x^2", "x", b)),
  ],
  symbolicGradient: [
    expression((b) => S.symbolicGradient(b)),
    // "a" and "b" are the good array of strings' names, so the expression uses them
    names((b) => S.symbolicGradient("a + b", b)),
    options((b) => S.symbolicGradient("x^2", undefined, b)),
  ],
  evaluateGradient: [
    { name: "g", call: (b) => S.evaluateGradient(b, [1, 2]) },
    { name: "point", call: (b) => S.evaluateGradient(g, b) },
  ],
  limitDerivation: [
    expression((b) => S.limitDerivation(b)),
    variable((b) => S.limitDerivation("x^2", b), "variable"),
    variable((b) => S.limitDerivation("x^2", "x", b), "step"),
    options((b) => S.limitDerivation("x^2", "x", "h", b)),
  ],
  toTf: [
    expression((b) => S.toTf(b)),
    names((b) => S.toTf("x", b)),
    { name: "argument 1", call: (b) => (S.toTf("x^2") as (x: unknown) => unknown)(b) },
  ],
  showDerivation: [{ name: "d", call: (b) => S.showDerivation(b) }],
  derivationLatex: [{ name: "d", call: (b) => S.derivationLatex(b) }],
  derivationText: [{ name: "d", call: (b) => S.derivationText(b) }],
  derivationMarkdown: [{ name: "d", call: (b) => S.derivationMarkdown(b) }],
  showGradient: [{ name: "g", call: (b) => S.showGradient(b) }],
  showLimitDerivation: [{ name: "l", call: (b) => S.showLimitDerivation(b) }],
  explainDerivative: [
    expression((b) => S.explainDerivative(b, { plot: false })),
    { name: "options", call: (b) => S.explainDerivative("x^2", b), valid: ["undefined", "an empty object"] },
    { name: "options.x0", call: (b) => S.explainDerivative("x^2", { x0: b, plot: false }), valid: ["undefined", ...finiteNumber] },
    { name: "options.at", call: (b) => S.explainDerivative("x^2", { at: b, plot: false }), valid: ["undefined"] },
    { name: "options.range", call: (b) => S.explainDerivative("x^2", { range: b }), valid: ["undefined"] },
    { name: "options.plot", call: (b) => S.explainDerivative("x^2", { plot: b, at: [1] }), valid: ["undefined", "a boolean"] },
    { name: "options.variable", call: (b) => S.explainDerivative("x^2", { variable: b, plot: false }), valid: ["undefined", "a string"] },
  ],
};

const numbers: symbolic.Algebra<number> = {
  constant: (v) => v,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  neg: (a) => -a,
  call: (_, a) => a,
};

// keep the fixtures used (and the test honest about which exports are data, not functions)
void d;
void l;
void tf;

badInputTable("lib/derivatives/symbolic", symbolic, table, {
  ExpressionError: "an error class, thrown by the engine",
  EvaluationError: "an error class, thrown by the engine",
});
