import assert from "node:assert/strict";
import { fmt, fmtVector } from "../../lib/util/format";
import { linspace } from "../../lib/util/array";

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
