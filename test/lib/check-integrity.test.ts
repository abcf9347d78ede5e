// lib/check's defences against the notebook it grades: the integrity guard (built-in objects,
// gradlab's exports, tfjs), the staleness check (against a fake of the kernel's record), grading-time
// inputs, tiered hints, and the exercise registry's visible and hidden tests.
import assert from "node:assert/strict";
import path from "node:path";
import {
  checkClose,
  checkExercise,
  checkHidden,
  DEFAULT_GRADING_SEED,
  ExerciseError,
  exerciseIds,
  failureHint,
  gradingRng,
  gradingSeed,
  hint,
  HINTS,
  hintText,
  IntegrityError,
  integrityProblem,
  resetHintTiers,
  staleProblem,
} from "../../lib/check";
import { Matrix } from "../../lib/nn/matrix";
import { tf } from "../../lib/tf";

function quietly<T>(fn: () => T): { value: T; logs: string[] } {
  const logs: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => logs.push(args.join(" "));
  try {
    return { value: fn(), logs };
  } finally {
    console.log = log;
  }
}

/** Runs `attack`, expects the next check to fail with an IntegrityError naming `what`, then undoes it. */
function underAttack(what: RegExp, attack: () => void, undo: () => void): void {
  assert.equal(integrityProblem(), "", "nothing is changed before the attack");
  attack();
  try {
    assert.throws(
      () => quietly(() => checkClose("x", 1, 1)),
      (error: unknown) => {
        assert.ok(error instanceof IntegrityError, String(error));
        assert.match(error.message, what);
        assert.match(error.message, /cannot trust its own arithmetic and scores 0/);
        return true;
      },
    );
  } finally {
    undo();
  }
  assert.equal(integrityProblem(), "", "restored");
  quietly(() => checkClose("x", 1, 1));
}

describe("check/integrity: a notebook cannot change what the checks compute", () => {
  it("fails every check after Math.abs or Math.max is replaced", () => {
    const abs = Math.abs;
    underAttack(/changed Math\.abs/, () => (Math.abs = () => 0), () => (Math.abs = abs));
    const max = Math.max;
    underAttack(/changed Math\.max/, () => (Math.max = () => Infinity), () => (Math.max = max));
  });

  it("fails after Object.prototype or Array.prototype is polluted", () => {
    const proto = Object.prototype as Record<string, unknown>;
    underAttack(/added Object\.prototype\.rtol/, () => (proto.rtol = 1e9), () => delete proto.rtol);
    const every = Array.prototype.every;
    underAttack(
      /changed Array\.prototype\.every/,
      () => (Array.prototype.every = () => true),
      () => (Array.prototype.every = every),
    );
  });

  it("fails after the global Math or Number.isFinite is replaced", () => {
    const g = globalThis as Record<string, unknown>;
    const M = Math;
    underAttack(/replaced the global Math/, () => (g.Math = { ...M, abs: () => 0 }), () => (g.Math = M));
    const isFinite = Number.isFinite;
    underAttack(/changed Number\.isFinite/, () => (Number.isFinite = () => true), () => (Number.isFinite = isFinite));
  });

  it("fails after one of gradlab's exports is reassigned through require.cache", () => {
    const numeric = require.cache[path.join(__dirname, "..", "..", "lib", "derivatives", "numeric.ts")]!.exports as Record<string, unknown>;
    const original = numeric.centralDifference;
    underAttack(
      /changed gradlab's derivatives\/numeric\.ts\.centralDifference/,
      () => (numeric.centralDifference = () => 0),
      () => (numeric.centralDifference = original),
    );
  });

  it("fails after a tfjs tensor method is patched", () => {
    const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
    const pow = proto.pow;
    underAttack(/changed tf\.Tensor\.prototype\.pow/, () => (proto.pow = () => tf.scalar(0)), () => (proto.pow = pow));
  });

  it("freezes lib/check's own exports, so a check cannot be replaced at all", () => {
    const exercise = require.cache[path.join(__dirname, "..", "..", "lib", "check", "exercise.ts")]!.exports as Record<string, unknown>;
    assert.ok(Object.isFrozen(exercise));
    assert.throws(() => {
      "use strict";
      exercise.checkClose = () => undefined;
    }, TypeError);
    assert.throws(() => quietly(() => checkClose("x", 1, 2)), ExerciseError, "the real check still runs");
  });
});

describe("check/staleness: the kernel's record of failed definitions", () => {
  const KEY = Symbol.for("gradlab.kernel.declarations");
  const g = globalThis as Record<symbol, unknown>;
  afterEach(() => delete g[KEY]);

  it("says nothing when the kernel keeps no record (plain node)", () => {
    assert.equal(staleProblem("gradientMagnitude"), "");
    quietly(() => checkClose("gradientMagnitude(1, 2)", 1, 1));
  });

  it("fails a check whose learner name was last declared by a cell that did not compile or threw", () => {
    const asked: string[] = [];
    g[KEY] = {
      status(name: string) {
        asked.push(name);
        if (name === "gradientMagnitude") return { ok: false, kind: "compile", execution: 12 };
        if (name === "gdStep") return { ok: false, kind: "runtime", execution: 7 };
        if (name === "fine") return { ok: true, execution: 3 };
        return undefined;
      },
    };
    assert.throws(() => quietly(() => checkClose("gradientMagnitude(1, 2)", 1, 1)), {
      name: "ExerciseError",
      message:
        "The cell that defines gradientMagnitude did not compile the last time you ran it (execution [12]), so gradientMagnitude is still the previous definition and this test would grade that instead of your newest code. Fix the error shown under that cell, run it again, then run this test.",
    });
    assert.match(staleProblem("gdStep"), /^The cell that defines gdStep threw an error the last time you ran it \(execution \[7\]\)/);
    quietly(() => checkClose("fine", 1, 1));
    quietly(() => checkClose("unknownName", 1, 1));
    assert.deepEqual(asked, ["gradientMagnitude", "gdStep", "fine", "unknownName"]);
  });

  it("ignores a record without a status function", () => {
    g[KEY] = { nothing: true };
    assert.equal(staleProblem("gdStep"), "");
  });
});

describe("check/grading: inputs drawn at grading time", () => {
  it("uses GRADLAB_GRADING_SEED when set, the default otherwise, and rejects a bad one", () => {
    assert.equal(gradingSeed({}), DEFAULT_GRADING_SEED);
    assert.equal(gradingSeed({ GRADLAB_GRADING_SEED: "7" }), 7);
    assert.throws(() => gradingSeed({ GRADLAB_GRADING_SEED: "abc" }), /GRADLAB_GRADING_SEED must be a non-negative integer, e.g. GRADLAB_GRADING_SEED=7; got "abc"/);
  });

  it("prints the seed, draws the same inputs for the same seed and others for another seed or exercise", () => {
    const draw = (id: string, env: Record<string, string>) => quietly(() => gradingRng(id, env).normals(3));
    const a = draw("ex06-1", {});
    assert.deepEqual(a.logs, [`hidden inputs for ex06-1: grading seed ${DEFAULT_GRADING_SEED} (the default seed)`]);
    assert.deepEqual(draw("ex06-1", {}).value, a.value);
    const b = draw("ex06-1", { GRADLAB_GRADING_SEED: "11" });
    assert.deepEqual(b.logs, ["hidden inputs for ex06-1: grading seed 11 (GRADLAB_GRADING_SEED)"]);
    assert.notDeepEqual(b.value, a.value);
    assert.notDeepEqual(draw("ex06-2", {}).value, a.value);
    assert.throws(() => gradingRng("06-1"), /gradingRng\(id\) needs an exercise id like "ex06-1"; got "06-1"/);
  });
});

describe("check/hints: tiers", () => {
  beforeEach(() => resetHintTiers());

  it("has two tiers for every exercise of the registry, and no tier is code", () => {
    for (const id of exerciseIds()) assert.ok(HINTS[id], id);
    for (const [id, tiers] of Object.entries(HINTS)) {
      for (const text of tiers) assert.doesNotMatch(text, /return |=>|function |Math\.|;\s*$/, `${id}: "${text}" reads like code`);
    }
  });

  it("gives the idea on the first failure and the formula afterwards; hint() prints either on request", () => {
    assert.match(failureHint("ex06-1"), /^Hint: Gradient descent moves against the slope.*hint\("ex06-1", 2\) shows the formula/);
    assert.equal(failureHint("ex06-1"), `Hint (the formula): ${hintText("ex06-1", 2)}`);
    assert.deepEqual(quietly(() => hint("ex06-1", 2)).logs, [`Hint for ex06-1 (the formula): ${hintText("ex06-1", 2)}`]);
    assert.throws(() => hintText("ex99-1"), /no hints for exercise "ex99-1"/);
  });
});

describe("check/answers: visible and hidden tests of the exercises", () => {
  beforeEach(() => resetHintTiers());
  const iterations = (lr: number, x0: number, tol: number) => {
    let x = x0;
    let k = 0;
    while (Math.abs(x - 2) >= tol) {
      x -= lr * (2 * x - 4);
      k++;
    }
    return k;
  };

  it("passes a right answer on the visible cases and on the hidden ones", () => {
    const { logs } = quietly(() => {
      checkExercise("ex06-2", iterations, [[0.1, 0, 1e-3]]);
      checkHidden("ex06-2", iterations);
    });
    assert.deepEqual(logs.slice(0, 1), ["✓ iterationsNeeded is right on this case"]);
    assert.match(logs[1]!, /^hidden inputs for ex06-2: grading seed/);
    assert.equal(logs[2], "✓ iterationsNeeded (hidden inputs) is right on all 3 cases");
  });

  it("fails a constant copied from the visible case on the hidden inputs, without printing the expected value", () => {
    const constant = () => iterations(0.1, 0, 1e-3);
    quietly(() => checkExercise("ex06-2", constant, [[0.1, 0, 1e-3]]));
    assert.throws(
      () => quietly(() => checkHidden("ex06-2", constant)),
      (error: unknown) => {
        assert.ok(error instanceof ExerciseError);
        assert.match(error.message, /^iterationsNeeded\(.*\) is \d+: too (small|large), off by about/);
        return true;
      },
    );
  });

  it("gives the same friendly message for every exercise's untouched stub", () => {
    const stub = () => {
      throw new Error("not implemented");
    };
    for (const id of exerciseIds()) {
      assert.throws(
        () => quietly(() => checkHidden(id, stub, { Matrix })),
        (error: unknown) => {
          assert.ok(error instanceof ExerciseError, `${id}: ${String(error)}`);
          assert.match(error.message, /is not written yet \(it still throws "not implemented"\): replace the `throw` line in the exercise cell with your code, run that cell, then this one\.$/, id);
          return true;
        },
      );
    }
  });

  it("checks the properties and side effects an exercise asks for", () => {
    // 02.3: a step that is not the most accurate one fails, with the direction of the best one.
    assert.throws(() => quietly(() => checkExercise("ex02-3", () => 1e-3, [[Math.exp, Math.exp, 1]])), /whose error is .* times the smallest error; the best step is smaller/);
    // 13.2: calling f twice per input fails on the count.
    const twice = (f: (x: number[]) => number, x: number[], h: number) =>
      x.map((_, i) => {
        const s = [...x];
        s[i]! += h;
        return (f(s) - f(x)) / h;
      });
    assert.throws(() => quietly(() => checkHidden("ex13-2", twice)), /called f \d+ times for \d+ inputs; it should call it \d+ times/);
    // 11.1: scaling the input arrays in place fails, even when the result is right.
    const inPlace = (grads: Float64Array[], maxNorm: number) => {
      const norm = Math.sqrt(grads.reduce((a, g) => a + g.reduce((b, v) => b + v * v, 0), 0));
      for (const g of grads) g.forEach((v, i) => (g[i] = (v * maxNorm) / Math.max(norm, maxNorm)));
      return grads;
    };
    assert.throws(() => quietly(() => checkHidden("ex11-1", inPlace)), /inputs\[\d+\]\[\d+\] too small/);
  });

  it("refuses an empty list of cases and an unknown exercise", () => {
    assert.throws(() => checkExercise("ex06-2", iterations, []), /cases must list at least one argument list/);
    assert.throws(() => checkHidden("ex99-9", iterations), /no exercise "ex99-9"/);
  });
});
