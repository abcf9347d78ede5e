import assert from "node:assert/strict";
import { crossCheck, CrossCheckError, crossCheckGradient } from "../../lib/check";
import { quietly } from "../support/quietly";

describe('check/crossCheck with display: "line"', () => {
  it("prints one ✓ line instead of the table when every value agrees", () => {
    const { messages, logs } = quietly(() =>
      crossCheck({ name: "d/dx x^3", f: (x) => x ** 3, df: (x) => 3 * x * x, fTf: (x) => x.pow(3), at: [-1, 0.5, 2], display: "line" }),
    );
    assert.equal(messages.length, 0, "no table");
    assert.equal(logs.length, 1);
    assert.match(
      logs[0]!,
      /^✓ d\/dx x\^3: 3 of 3 values agree with tfjs \(\w+\) and a central difference \(at most [\d.e-]+% of the tolerance used\)$/,
    );
    const grad = quietly(() =>
      crossCheckGradient({
        name: "∇(xy)",
        f: (x, y) => x * y,
        grad: (x, y) => [y, x],
        fTf: (x, y) => x.mul(y),
        at: [[1, 2]],
        display: "line",
      }),
    );
    assert.equal(grad.messages.length, 0);
    assert.match(grad.logs[0]!, /^✓ ∇\(xy\): 2 of 2 values agree/);
  });

  it("still shows the full table, then throws, when a value disagrees", () => {
    const { messages, logs } = quietly(() =>
      assert.throws(
        () => crossCheck({ name: "wrong", f: (x) => x ** 3, df: (x) => 2 * x, fTf: (x) => x.pow(3), at: [2], display: "line" }),
        CrossCheckError,
      ),
    );
    assert.equal(messages.length, 1, "the table is shown for the failing check");
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /^✗ wrong: 0 of 1 values agree with tfjs \(\w+\) and a central difference.*\. The full table:$/);
  });

  it("reports how much of the tolerance each value used: at most 1 when it passes, more when it fails", () => {
    let passing: ReturnType<typeof crossCheck> | undefined;
    quietly(() => {
      passing = crossCheck({ name: "x^2", f: (x) => x * x, df: (x) => 2 * x, fTf: (x) => x.square(), at: [-1, 3], display: false });
    });
    assert.ok(passing!.rows.every((r) => r.toleranceUsed! >= 0 && r.toleranceUsed! <= 1));
    const { messages } = quietly(() =>
      assert.throws(
        () => crossCheck({ name: "off", f: (x) => x * x, df: (x) => 2 * x * (1 + 1e-3), fTf: (x) => x.square(), at: [3], display: false }),
        (error: unknown) => error instanceof CrossCheckError && error.report.rows[0]!.toleranceUsed! > 1,
      ),
    );
    assert.equal(messages.length, 0);
  });
});
