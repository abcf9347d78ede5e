// Bad input to lib/random: createRng with a bad seed, and every method of the generator it makes.
// Each bad value gets a clear error naming the argument.
import assert from "node:assert/strict";
import * as random from "../../lib/random";
import { badInputTable, type Argument } from "./bad-input";

const rng = random.createRng(1);
const arg = (name: string, call: (bad: unknown) => unknown, ...valid: string[]): Argument => ({ name, call, valid });
const R = rng as unknown as Record<string, (...args: unknown[]) => unknown>;

badInputTable(
  "lib/random",
  random,
  {
    createRng: [
      arg("seed", (b) => random.createRng(b as number), "a number", "a negative number"),
      arg("low", (b) => R.uniform!(b, 100), "undefined", "a number", "a negative number", "a fraction"),
      arg("high", (b) => R.uniform!(0, b), "undefined", "a number", "a fraction"),
      arg("low", (b) => R.int!(b, 100), "a number", "a negative number"),
      arg("high", (b) => R.int!(-5, b), "a number", "a negative number"),
      arg("mean", (b) => R.normal!(b, 1), "undefined", "a number", "a negative number", "a fraction"),
      arg("std", (b) => R.normal!(0, b), "undefined", "a number", "a fraction"),
      arg("n", (b) => R.normals!(b), "a number"),
      arg("items", (b) => R.shuffle!(b), "an empty array", "an array of strings", "a ragged array"),
    ],
  },
  {},
);

describe("bad input: lib/random's messages", () => {
  it("a Symbol seed is named, not a TypeError from the message itself", () => {
    assert.throws(() => random.createRng(Symbol("s") as never), {
      message: "createRng: seed must be an integer such as 42; got Symbol(s)",
    });
  });
  it("normal refuses an infinite std instead of returning a non-finite sample", () => {
    assert.throws(() => rng.normal(0, Infinity), /normal\(mean, std\) needs a finite mean and a finite std >= 0/);
  });
  it("shuffle refuses a string instead of shuffling its characters", () => {
    assert.throws(() => rng.shuffle("abc" as never), { message: 'shuffle(items) needs an array; got items = "abc"' });
  });
});
