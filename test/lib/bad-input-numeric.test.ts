// Bad input to every exported function of lib/numeric (finite differences, partial derivatives,
// the step-error study, the level-curve chord): each bad value gets a clear error naming the
// argument as the caller knows it.
import assert from "node:assert/strict";
import * as numeric from "../../lib/numeric";
import { show } from "../../lib/util/validate";
import { badInputTable, type Argument } from "./bad-input";

const N = numeric as unknown as Record<keyof typeof numeric, (...args: unknown[]) => unknown>;
const f1 = (x: number) => x * x;
const df1 = (x: number) => 2 * x;
const f2 = (x: number, y: number) => x * x + y;
const F2 = (x: number, y: number) => [x * y, x + y];
const circle = (x: number, y: number) => x * x + y * y;

const finiteNumber = ["a number", "a negative number", "a fraction"];
const positive = ["a number", "a fraction"];
const fn = (call: (bad: unknown) => unknown, name = "f"): Argument => ({ name, call, valid: ["a function"] });
const arg = (name: string, call: (bad: unknown) => unknown, ...valid: string[]): Argument => ({ name, call, valid });
/** An options object and its fields: `fields` maps a field to its valid labels besides undefined. */
const options = (call: (options: unknown) => unknown, fields: Record<string, string[]>): Argument[] => [
  arg("options", call, "undefined", "an empty object"),
  ...Object.entries(fields).map(([field, valid]) => arg(`options.${field}`, (b) => call({ [field]: b }), "undefined", ...valid)),
];
const steps = { h: positive, scheme: [] };

const table: Record<string, Argument[]> = {
  differenceQuotient: [
    fn((b) => N.differenceQuotient(b, 1, 1e-5, "central")),
    arg("x", (b) => N.differenceQuotient(f1, b, 1e-5, "central"), ...finiteNumber),
    arg("h", (b) => N.differenceQuotient(f1, 1, b, "central"), ...positive),
    arg("scheme", (b) => N.differenceQuotient(f1, 1, 1e-5, b)),
  ],
  ...Object.fromEntries(
    (["forwardDifference", "backwardDifference", "centralDifference"] as const).map((name) => [
      name,
      [
        fn((b) => N[name](b, 1)),
        arg("x", (b) => N[name](f1, b), ...finiteNumber),
        arg("h", (b) => N[name](f1, 1, b), "undefined", ...positive),
      ],
    ]),
  ),
  numericGradient: [
    fn((b) => N.numericGradient(b, [1, 2])),
    arg("point", (b) => N.numericGradient(f2, b)),
    ...options((b) => N.numericGradient(f2, [1, 2], b), steps),
  ],
  centralGradient: [
    fn((b) => N.centralGradient(b, [1, 2])),
    arg("point", (b) => N.centralGradient(f2, b)),
    arg("h", (b) => N.centralGradient(f2, [1, 2], b), "undefined", ...positive),
  ],
  numericPartial: [
    fn((b) => N.numericPartial(b, [1, 2], 0)),
    arg("point", (b) => N.numericPartial(f2, b, 0)),
    arg("index", (b) => N.numericPartial(f2, [1, 2], b)),
    ...options((b) => N.numericPartial(f2, [1, 2], 0, b), steps),
  ],
  directionalDerivative: [
    fn((b) => N.directionalDerivative(b, [1, 2], [1, 0])),
    arg("point", (b) => N.directionalDerivative(f2, b, [1, 0])),
    arg("direction", (b) => N.directionalDerivative(f2, [1, 2], b)),
    ...options((b) => N.directionalDerivative(f2, [1, 2], [1, 0], b), steps),
  ],
  numericJacobian: [
    fn((b) => N.numericJacobian(b, [1, 2]), "F"),
    arg("point", (b) => N.numericJacobian(F2, b)),
    ...options((b) => N.numericJacobian(F2, [1, 2], b), steps),
  ],
  numericHessian: [
    fn((b) => N.numericHessian(b, [1, 2])),
    arg("point", (b) => N.numericHessian(f2, b)),
    ...options((b) => N.numericHessian(f2, [1, 2], b), { h: positive }),
  ],
  limitTable: [
    fn((b) => N.limitTable(b, 1)),
    arg("x", (b) => N.limitTable(f1, b), ...finiteNumber),
    ...options((b) => N.limitTable(f1, 1, b), { hs: [], scheme: [], exact: finiteNumber }),
  ],
  // logSteps(42, -3) is a valid grid (176 finite steps from 1e42); the limits are float64's
  logSteps: [
    arg("from", (b) => N.logSteps(b, -3), "undefined", "a number", "a negative number"),
    arg("to", (b) => N.logSteps(-1, b), "undefined"),
    arg("perDecade", (b) => N.logSteps(-1, -3, b), "undefined", "a number"),
  ],
  stepErrors: [
    fn((b) => N.stepErrors(b, df1, 1)),
    fn((b) => N.stepErrors(f1, b, 1), "df"),
    arg("x", (b) => N.stepErrors(f1, df1, b), ...finiteNumber),
    ...options((b) => N.stepErrors(f1, df1, 1, b), { hs: [], schemes: [] }),
  ],
  errorModel: [
    arg("scheme", (b) => N.errorModel(b, 1e-5, { fx: 1, d2: 1, d3: 1 })),
    arg("h", (b) => N.errorModel("central", b, { fx: 1, d3: 1 }), ...positive),
    arg("inputs", (b) => N.errorModel("central", 1e-5, b)),
    arg("inputs.fx", (b) => N.errorModel("central", 1e-5, { fx: b, d3: 1 }), ...finiteNumber),
    arg("inputs.d3", (b) => N.errorModel("central", 1e-5, { fx: 1, d3: b }), ...finiteNumber),
    arg("inputs.d2", (b) => N.errorModel("forward", 1e-5, { fx: 1, d2: b }), ...finiteNumber),
  ],
  optimalStep: [
    arg("scheme", (b) => N.optimalStep(b, { fx: 1, d2: 1, d3: 1 })),
    arg("inputs", (b) => N.optimalStep("central", b)),
    arg("inputs.fx", (b) => N.optimalStep("central", { fx: b, d3: 1 }), ...finiteNumber),
    arg("inputs.d2", (b) => N.optimalStep("backward", { fx: 1, d2: b }), ...finiteNumber),
  ],
  levelCurveChord: [
    fn((b) => N.levelCurveChord(b, [1, 0], 0.01)),
    arg("p", (b) => N.levelCurveChord(circle, b, 0.01)),
    arg("radius", (b) => N.levelCurveChord(circle, [1, 0], b), "a fraction"),
    arg("samples", (b) => N.levelCurveChord(circle, [1, 0], 0.01, b), "undefined", "a number"),
  ],
};

badInputTable("lib/numeric", numeric, table, {});

describe("bad input: lib/numeric's messages", () => {
  it("show() formats any value without throwing, also a Symbol, a BigInt and a throwing toString", () => {
    const hostile = {
      toString() {
        throw new Error("no");
      },
    };
    assert.equal(show(Symbol("s")), "Symbol(s)");
    assert.equal(show(10n), "10n (a BigInt)");
    assert.equal(show(hostile), "an object");
    assert.equal(show(NaN), "NaN");
    assert.equal(show("x"), '"x"');
    assert.equal(show([1, 2]), "an array of 2");
  });
  it("a Symbol in a number's place gets the argument's name, not a TypeError from a template string", () => {
    assert.throws(() => numeric.centralDifference(Math.sin, 1, Symbol("h") as never), {
      message: "h must be a positive finite number; got Symbol(h)",
    });
    assert.throws(() => numeric.numericPartial(f2, [1, 2], Symbol("i") as never), {
      message: "index must be an integer from 0 to 1 (one per coordinate); got Symbol(i)",
    });
  });
  it("the options of numericPartial and numericGradient are checked, with their fields named", () => {
    assert.throws(() => numeric.numericPartial(f2, [1, 2], 0, NaN as never), /^TypeError: options must be an options object/);
    assert.throws(() => numeric.numericGradient(f2, [1, 2], { h: -1 }), { message: "options.h must be a positive finite number; got -1" });
    assert.throws(() => numeric.numericGradient(f2, [1, 2], { scheme: "centre" as never }), {
      message: 'options.scheme must be one of "forward", "backward", "central"; got "centre"',
    });
  });
  it("errorModel and optimalStep refuse an unknown scheme and name inputs' fields", () => {
    assert.throws(() => numeric.errorModel("centre" as never, 1e-5, { fx: 1, d3: 1 }), /^RangeError: scheme must be one of/);
    assert.throws(() => numeric.optimalStep("central", null as never), /^TypeError: inputs must be an object such as/);
    assert.throws(() => numeric.optimalStep("central", { fx: NaN, d3: 1 }), { message: "inputs.fx must be a finite number; got NaN" });
    assert.throws(() => numeric.errorModel("forward", 1e-5, { fx: 1 }), {
      message: "the forward scheme's truncation error needs f''(x) as inputs.d2; got undefined",
    });
  });
  it("numericJacobian calls its function F", () => {
    assert.throws(() => numeric.numericJacobian(1 as never, [1]), /^TypeError: F must be a function/);
    assert.throws(() => numeric.numericJacobian((x: number) => [x], [1, 2]), { message: "F takes 1 argument but point has 2 coordinates" });
  });
  it("logSteps keeps every step a positive float64 and the grid at most MAX_LOG_STEPS long", () => {
    assert.equal(numeric.logSteps(42, -3).length, 45 * 4 + 1);
    assert.ok(numeric.logSteps(-300, -323, 1).every((h) => h > 0));
    assert.throws(() => numeric.logSteps(309, 0), /^RangeError: from must be an integer exponent <= 308/);
    assert.throws(() => numeric.logSteps(-1, -324), /^RangeError: to must be an integer exponent >= -323/);
    assert.throws(() => numeric.logSteps(-1, -16, 1e6), {
      message: `logSteps(-1, -16, perDecade = 1000000) would make 15000001 steps, more than ${numeric.MAX_LOG_STEPS}`,
    });
  });
});
