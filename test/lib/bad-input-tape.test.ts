// Bad input to the tensor engine's construction (lib/tape/tensor.ts: the Tensor class, fromValues,
// scalar, zeros, fill, fromMatrix and the shape helpers): each bad value gets a clear error
// naming the argument; nothing is silently reshaped, read from a string or left to JavaScript.
import assert from "node:assert/strict";
import * as construction from "../../lib/tape/tensor";
import { Matrix } from "../../lib/util/matrix";
import { badInputTable, type Argument } from "./bad-input";

const T = construction as unknown as Record<keyof typeof construction, (...args: unknown[]) => unknown>;
const arg = (name: string, call: (bad: unknown) => unknown, ...valid: string[]): Argument => ({ name, call, valid });
const finiteNumber = ["a number", "a negative number", "a fraction"];
/** A shape: [] (a scalar) is valid where the size may be 1. */
const shape = (call: (bad: unknown) => unknown, ...valid: string[]): Argument => arg("shape", call, ...valid);

badInputTable(
  "lib/tape tensor construction",
  construction,
  {
    Tensor: [
      shape((b) => new construction.Tensor(b as number[], new Float64Array(1)), "an empty array"),
      arg("data", (b) => new construction.Tensor([2], b as Float64Array)),
    ],
    fromValues: [arg("values", (b) => T.fromValues(b), ...finiteNumber), shape((b) => T.fromValues([1, 2, 3, 4], b), "undefined")],
    scalar: [arg("value", (b) => T.scalar(b), ...finiteNumber)],
    zeros: [shape((b) => T.zeros(b), "an empty array")],
    fill: [shape((b) => T.fill(b, 1), "an empty array"), arg("value", (b) => T.fill([2], b), ...finiteNumber)],
    fromMatrix: [arg("m", (b) => T.fromMatrix(b))],
    // the shape helpers take a list of sizes; an empty one is a scalar's, and they do not judge the entries
    sizeOf: [shape((b) => T.sizeOf(b), "an empty array", "an array of strings", "a ragged array")],
    shapeText: [shape((b) => T.shapeText(b), "an empty array", "an array of strings", "a ragged array")],
    sameShape: [
      arg("a", (b) => T.sameShape(b, [2]), "an empty array", "an array of strings", "a ragged array"),
      arg("b", (b) => T.sameShape([2], b), "an empty array", "an array of strings", "a ragged array"),
    ],
  },
  {},
);

describe("bad input: tensor construction's messages", () => {
  it("fromValues refuses null, a string, an object and an empty list by name", () => {
    assert.throws(() => construction.fromValues(null as never), /^TypeError: fromValues: values must be a number, an array of numbers/);
    assert.throws(() => construction.fromValues("12" as never), /^TypeError: fromValues: values must be a number.*got "12"$/);
    assert.throws(() => construction.fromValues({ length: 2 }), /got an object$/);
    assert.throws(() => construction.fromValues([]), { message: "fromValues: values must not be empty (a tensor has at least one entry)" });
    assert.throws(() => construction.fromValues([[]]), {
      message: "fromValues: values must not be empty (a tensor has at least one entry)",
    });
  });
  it("a typed array and a Matrix still make tensors", () => {
    assert.deepEqual(construction.fromValues(Float32Array.of(1, 2)).toArray(), [1, 2]);
    assert.deepEqual(construction.fromValues(new Matrix(1, 2, Float64Array.of(3, 4))).shape, [1, 2]);
  });
  it("a shape too large for memory is refused with the limit, not JavaScript's 'Invalid typed array length'", () => {
    assert.throws(() => construction.zeros([1e9, 1e9]), {
      message: `zeros: shape [1000000000, 1000000000] has 1000000000000000000 entries, more than MAX_TENSOR_SIZE = ${construction.MAX_TENSOR_SIZE}`,
    });
  });
  it("fromValues checks a given shape before reading values, and a Symbol in it does not break the message", () => {
    assert.throws(() => construction.fromValues([1, 2], [Symbol("d")] as never), {
      message: "fromValues: shape must be a list of positive integers such as [2, 3]; got [Symbol(d)]",
    });
    assert.throws(() => construction.scalar(Symbol("v") as never), { message: "scalar: value must be a finite number; got Symbol(v)" });
  });
});
