import assert from "node:assert/strict";
import { fmt, fmtVector } from "../../lib/util/format";
import { at, linspace, medianOfSorted } from "../../lib/util/array";

describe("util/format", () => {
  const cases: Array<[number, string]> = [
    [4, "4"],
    [0.976, "0.976"],
    [2 / 3, "0.666667"],
    [1e-10, "1e-10"],
    [-2.5e-7, "-2.5e-7"],
    [1.5e12, "1.5e12"],
    [0, "0"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
  ];
  for (const [x, text] of cases) {
    it(`fmt(${x}) is "${text}"`, () => assert.equal(fmt(x), text));
  }
  it("formats vectors", () => assert.equal(fmtVector([8, 7]), "[8, 7]"));
});

describe("util/array linspace", () => {
  it("includes both ends", () => assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]));
  it("names the bad argument", () => {
    assert.throws(() => linspace(0, 1, 1), { message: "linspace: n must be an integer >= 2; got 1" });
    assert.throws(() => linspace(NaN, 1, 3), { message: "linspace: start and stop must be finite numbers; got NaN and 1" });
  });
});

describe("util/array at and medianOfSorted", () => {
  it("at reads an entry in range, including 0 and NaN", () => {
    assert.equal(at([3, 4], 1, "y"), 4);
    assert.equal(at(Float64Array.of(0), 0, "x"), 0);
    assert.ok(Number.isNaN(at([NaN], 0, "x")));
  });
  it("at names what is missing instead of returning undefined", () => {
    assert.throws(() => at([3, 4], 2, "y"), { name: "RangeError", message: "y: no entry at index 2 (length 2)" });
    assert.throws(() => at([], 0, "x"), { message: "x: no entry at index 0 (length 0)" });
    assert.throws(() => at([1], -1, "x"), { message: "x: no entry at index -1 (length 1)" });
  });
  it("medianOfSorted: the middle entry, or the mean of the middle two", () => {
    assert.equal(medianOfSorted([5]), 5);
    assert.equal(medianOfSorted([1, 2, 4]), 2);
    assert.equal(medianOfSorted([1, 2, 4, 10]), 3);
    assert.throws(() => medianOfSorted([]), { message: "medianOfSorted: no entry at index 0 (length 0)" });
  });
});
