import assert from "node:assert/strict";
import { backwardDifference, centralDifference, differenceQuotient, forwardDifference, DEFAULT_STEP } from "../../lib/numeric/numeric";
import { EPS, errorModel, limitTable, logSteps, optimalStep, stepErrors } from "../../lib/numeric/step-error";

const square = (x: number) => x * x;

describe("numeric: forward, backward and central differences", () => {
  it("match the algebra of x^2: forward 2x + h, backward 2x - h, central exactly 2x", () => {
    // ((x+h)^2 - x^2)/h = 2x + h, (x^2 - (x-h)^2)/h = 2x - h, ((x+h)^2 - (x-h)^2)/2h = 2x
    for (const h of [0.5, 0.25, 0.125]) {
      assert.equal(differenceQuotient(square, 2, h, "forward"), 4 + h);
      assert.equal(differenceQuotient(square, 2, h, "backward"), 4 - h);
      assert.equal(differenceQuotient(square, 2, h, "central"), 4);
    }
  });

  it("approximate sin' = cos with their default steps to the accuracy each scheme allows", () => {
    for (const x of [-2, 0.3, 1, 2.5]) {
      assert.ok(Math.abs(forwardDifference(Math.sin, x) - Math.cos(x)) < 1e-7, `forward at ${x}`);
      assert.ok(Math.abs(backwardDifference(Math.sin, x) - Math.cos(x)) < 1e-7, `backward at ${x}`);
      assert.ok(Math.abs(centralDifference(Math.sin, x) - Math.cos(x)) < 1e-10, `central at ${x}`);
    }
    assert.deepEqual({ ...DEFAULT_STEP }, { forward: 1e-8, backward: 1e-8, central: 1e-5 });
  });

  it("names bad input", () => {
    assert.throws(() => forwardDifference(undefined as unknown as (x: number) => number, 1), {
      message: "f must be a function (x: number) => number; got undefined",
    });
    assert.throws(() => differenceQuotient(square, 1, 0.1, "sideways" as "forward"), {
      message: 'scheme must be one of "forward", "backward", "central"; got "sideways"',
    });
    assert.throws(() => backwardDifference(square, 1, -1), { message: "h must be a positive finite number; got -1" });
    assert.throws(() => centralDifference(Math.log, 0), { message: "f(-1e-5) is NaN; a difference quotient needs finite values" });
  });
});

describe("derivatives/step-error: the limit table and the error-vs-h curve", () => {
  it("tabulates the difference quotients of x^2 at 2 closing in on 4", () => {
    const rows = limitTable(square, 2, { exact: 4 });
    assert.deepEqual(
      rows.map((r) => r.h),
      [1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6],
    );
    for (const r of rows) {
      // forward quotient of x^2 is 4 + h, up to float64 rounding
      assert.ok(Math.abs(r.quotient - (4 + r.h)) < 1e-9, `h = ${r.h}: ${r.quotient}`);
      assert.ok(Math.abs((r.error as number) - r.h) < 1e-9);
    }
    assert.equal(limitTable(square, 2, { hs: [0.5], scheme: "central" })[0]?.quotient, 4);
    assert.equal(limitTable(square, 2, { hs: [0.5] })[0]?.error, undefined);
  });

  it("makes log-spaced steps", () => {
    const hs = logSteps(-1, -3, 2);
    assert.equal(hs.length, 5);
    [1e-1, 10 ** -1.5, 1e-2, 10 ** -2.5, 1e-3].forEach((h, i) => assert.ok(Math.abs((hs[i] as number) / h - 1) < 1e-12));
    assert.throws(() => logSteps(-3, -1), { message: "to must be an integer exponent >= -323 and below from = -3 (such as -16); got -1" });
  });

  it("finds the U-shaped error curve for sin at 1: best h near 1e-8 (forward) and 1e-5 (central)", () => {
    const curves = stepErrors(Math.sin, Math.cos, 1);
    const forward = curves.find((c) => c.scheme === "forward")!;
    const central = curves.find((c) => c.scheme === "central")!;
    // the best steps land within a decade of the float64 rules of thumb sqrt(eps) and cbrt(eps)
    assert.ok(forward.best.h > 1e-9 && forward.best.h < 1e-7, `forward best h ${forward.best.h}`);
    assert.ok(central.best.h > 1e-7 && central.best.h < 1e-4, `central best h ${central.best.h}`);
    assert.ok(central.best.error < forward.best.error / 10, "central differences reach a smaller error");
    // both ends of the U are worse than the bottom by orders of magnitude
    for (const c of [forward, central]) {
      assert.ok((c.errors[0] as number) > 100 * c.best.error, `${c.scheme}: large h is worse (truncation)`);
      assert.ok((c.errors[c.errors.length - 1] as number) > 100 * c.best.error, `${c.scheme}: tiny h is worse (round-off)`);
    }
  });

  it("models the two error terms and the optimal step", () => {
    // sin at 1: |f| = sin 1, |f''| = sin 1, |f'''| = cos 1
    const inputs = { fx: Math.sin(1), d2: -Math.sin(1), d3: -Math.cos(1) };
    const m = errorModel("forward", 1e-3, inputs);
    assert.ok(Math.abs(m.truncation - (Math.sin(1) * 1e-3) / 2) < 1e-15);
    assert.ok(Math.abs(m.roundoff - (EPS * Math.sin(1)) / 1e-3) < 1e-20);
    assert.equal(m.total, m.truncation + m.roundoff);
    const hForward = optimalStep("forward", inputs);
    const hCentral = optimalStep("central", inputs);
    assert.ok(Math.abs(hForward - Math.sqrt(2 * EPS)) < 1e-20, `${hForward}`);
    assert.ok(Math.abs(hCentral - Math.cbrt((1.5 * EPS * Math.sin(1)) / Math.cos(1))) < 1e-18);
    // the optimum is the minimum of the modelled total
    for (const s of ["forward", "central"] as const) {
      const h = optimalStep(s, inputs);
      const total = (x: number) => errorModel(s, x, inputs).total;
      assert.ok(total(h) <= total(h * 1.1) && total(h) <= total(h / 1.1), s);
    }
  });

  it("names bad input", () => {
    assert.throws(() => limitTable(square, NaN), { message: "x must be a finite number; got NaN" });
    assert.throws(() => limitTable(square, 1, { hs: [] }), {
      message: "options.hs must be a non-empty array of positive steps such as [0.1, 0.01]; got []",
    });
    assert.throws(() => stepErrors(square, () => NaN, 1), { message: "df(x) must be a finite number; got NaN" });
    assert.throws(() => errorModel("central", 1e-3, { fx: 1 }), {
      message: "the central scheme's truncation error needs f'''(x) as inputs.d3; got undefined",
    });
    assert.throws(() => optimalStep("central", { fx: 4, d3: 0 }), {
      message: "no finite best step: with |f(x)| = 4 and f'''(x) = 0, one error term is zero",
    });
  });
});
