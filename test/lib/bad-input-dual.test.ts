// Bad input to every export of lib/derivatives/dual (dual numbers and forward mode): each bad value
// gets a clear error naming the argument, the Dual class's constructor, static methods and
// binary methods included.
import assert from "node:assert/strict";
import * as dual from "../../lib/derivatives/dual";
import { parse } from "../../lib/derivatives/symbolic";
import { badInputTable, type Argument } from "./bad-input";

const { Dual } = dual;
const D = dual as unknown as Record<keyof typeof dual, (...args: unknown[]) => unknown>;
const finiteNumber = ["a number", "a negative number", "a fraction"];
const arg = (name: string, call: (bad: unknown) => unknown, ...valid: string[]): Argument => ({ name, call, valid });
const x = Dual.variable(2);
/** A binary method: `other` is a Dual or any number (a non-finite one is carried, as in float64). */
const binary = (method: "add" | "sub" | "mul" | "div" | "pow", name = "other"): Argument =>
  arg(`${method}: ${name}`, (b) => (x[method] as (o: unknown) => unknown)(b), "NaN", "Infinity", "-Infinity", ...finiteNumber);

const table: Record<string, Argument[]> = {
  Dual: [
    // the constructor carries any number, non-finite results included (forwardGrad refuses them at the end)
    arg("value", (b) => new Dual(b as number), "NaN", "Infinity", "-Infinity", ...finiteNumber),
    arg("derivative", (b) => new Dual(1, b as number), "undefined", "NaN", "Infinity", "-Infinity", ...finiteNumber),
    arg("Dual.variable: x", (b) => Dual.variable(b as number), ...finiteNumber),
    arg("Dual.constant: c", (b) => Dual.constant(b as number), ...finiteNumber),
    arg("x", (b) => Dual.from(b as number), "NaN", "Infinity", "-Infinity", ...finiteNumber),
    binary("add"),
    binary("sub"),
    binary("mul"),
    binary("div"),
    binary("pow", "exponent"),
  ],
  forwardValueAndGrad: [
    arg("f", (b) => D.forwardValueAndGrad(b), "a function"),
    arg("x", (b) => (D.forwardValueAndGrad((u: dual.Dual) => u.square()) as (x: unknown) => unknown)(b), ...finiteNumber),
  ],
  forwardGrad: [
    arg("f", (b) => D.forwardGrad(b), "a function"),
    arg("x", (b) => (D.forwardGrad((u: dual.Dual) => u.square()) as (x: unknown) => unknown)(b), ...finiteNumber),
  ],
  forwardGrads: [
    arg("f", (b) => D.forwardGrads(b), "a function"),
    arg("point", (b) => (D.forwardGrads((u: dual.Dual, v: dual.Dual) => u.mul(v)) as (p: unknown) => unknown)(b)),
  ],
  dualDerivative: [
    arg("e", (b) => D.dualDerivative(b, "x", { x: 1 })),
    arg("variable", (b) => D.dualDerivative(parse("x^2"), b, { x: 1 }), "a string"),
    arg("values", (b) => D.dualDerivative(parse("x^2"), "x", b)),
    arg("values.x", (b) => D.dualDerivative(parse("x^2"), "x", { x: b }), ...finiteNumber),
  ],
};

badInputTable("lib/derivatives/dual", dual, table, {});

describe("bad input: lib/derivatives/dual's messages", () => {
  it("a string operand is refused, not concatenated", () => {
    assert.throws(() => x.add("1" as never), { message: 'add: other must be a Dual or a number; got "1"' });
    assert.throws(() => new Dual("2" as never), { message: 'new Dual(value, derivative): value must be a number; got "2"' });
  });
  it("forwardGrad refuses a non-function when it is made, not when it is called", () => {
    assert.throws(() => dual.forwardGrad(42 as never), /^TypeError: f must be a function \(x: Dual\) => Dual; got number/);
  });
  it("dualDerivative names the missing value and does not read inherited names", () => {
    assert.throws(() => dual.dualDerivative(parse("x + toString", { variables: ["toString"] }), "x", { x: 1 }), {
      message: "values.toString must be a finite number; got undefined",
    });
  });
});
