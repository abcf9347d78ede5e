// Helpers for cost experiments: durations and byte counts as text, timing, operation counts, and
// the cost figure whose plotted numbers are deterministic (timings only as duration labels).
import assert from "node:assert/strict";
import { costFigure, fmtBytes, operationCount } from "../../lib/autodiff/cost";
import { fmtDuration, timeIt } from "../../lib/autodiff/timing";
import { rosenbrockFn } from "../../lib/secondorder/objective";
import { xy } from "../support/points";

describe("autodiff/timing and cost helpers", () => {
  it("writes durations the way the reproducibility check recognises them (never in exponent form)", () => {
    const cases: Array<[number, string]> = [
      [0, "0 ms"],
      [0.0004, "0.000400 ms"],
      [0.042, "0.0420 ms"],
      [3.14159, "3.14 ms"],
      [12.34, "12.3 ms"],
      [250.4, "250 ms"],
      [1234, "1.23 s"],
      [61000, "61.00 s"],
    ];
    for (const [ms, text] of cases) assert.equal(fmtDuration(ms), text);
    for (const [ms] of cases) assert.match(fmtDuration(ms), /^\d+(\.\d+)? (ms|s)$/);
    assert.throws(() => fmtDuration(-1), { message: "ms must be a finite number >= 0; got -1" });
  });

  it("times a function: warm-up calls untimed, repeats until minMs, returns the last result", () => {
    let calls = 0;
    const t = timeIt(() => ++calls, { minMs: 0, maxCalls: 1, warmup: 2 });
    assert.deepEqual([t.result, t.calls, calls], [3, 1, 3]);
    const many = timeIt(() => 1, { minMs: 5, maxCalls: 50 });
    assert.ok(many.calls >= 1 && many.calls <= 50 && many.ms >= 0);
    assert.throws(() => timeIt(() => 1, { maxCalls: 0 }), { message: "maxCalls must be an integer >= 1; got 0" });
  });

  it("writes byte counts with SI units", () => {
    assert.deepEqual([0, 800, 5000, 1.28e6, 8e12, 3.92e20].map(fmtBytes), ["0 B", "800 B", "5 kB", "1.28 MB", "8 TB", "392 EB"]);
  });

  it("counts the elementary operations of one evaluation", () => {
    // x·y + x: one mul, one add
    assert.equal(
      operationCount(
        (v) => {
          const [x, y] = xy(v);
          return x.mul(y).add(x);
        },
        [1, 2],
      ),
      2,
    );
    // Rosenbrock in n dimensions: (n - 1) terms of 9 operations (x², neg and add for the subtraction, ², ×100,
    // neg, +1, ², +) and n - 2 adds between the terms
    for (const n of [2, 5, 10]) assert.equal(operationCount(rosenbrockFn, new Array(n).fill(0.5)), 9 * (n - 1) + (n - 2));
  });

  it("plots deterministic counts and carries timings only as duration labels", () => {
    const fig = costFigure({
      title: "t",
      sizes: [10, 100],
      yTitle: "ops",
      series: [
        { name: "a", counts: [1, 2], ms: [0.5, 1500] },
        { name: "b", counts: [3, 4] },
      ],
    });
    assert.deepEqual(fig.data[0]?.y, [1, 2]);
    assert.deepEqual(fig.data[0]?.text, ["0.500 ms", "1.50 s"]);
    assert.equal(fig.data[1]?.mode, "lines+markers");
    assert.equal((fig.layout?.xaxis as { type: string }).type, "log");
    assert.throws(() => costFigure({ title: "t", sizes: [1, 2], yTitle: "y", series: [{ name: "a", counts: [1] }] }), {
      message: 'costFigure: series "a" has 1 counts for 2 sizes',
    });
  });
});
