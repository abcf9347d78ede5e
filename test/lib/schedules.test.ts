import assert from "node:assert/strict";
import { cosineDecay, exponentialDecay, sampleSchedule, stepDecay, warmup } from "../../lib/optim";

describe("optim/schedules", () => {
  it("step decay halves every `every` steps", () => {
    assert.deepEqual(sampleSchedule(stepDecay({ initial: 1, every: 2 }), 6), [1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it("exponential decay is initial * rate^(t / decaySteps)", () => {
    const s = exponentialDecay({ initial: 0.5, rate: 0.9, decaySteps: 10 });
    assert.equal(s(0), 0.5);
    assert.ok(Math.abs(s(10) - 0.45) < 1e-15);
    assert.ok(Math.abs(s(5) - 0.5 * Math.sqrt(0.9)) < 1e-15);
  });

  it("cosine decay falls from initial to final over totalSteps, half-way at the middle, then stays", () => {
    const s = cosineDecay({ initial: 1, totalSteps: 100, final: 0.1 });
    assert.equal(s(0), 1);
    assert.ok(Math.abs(s(50) - 0.55) < 1e-12);
    assert.ok(Math.abs(s(100) - 0.1) < 1e-12);
    assert.ok(Math.abs(s(500) - 0.1) < 1e-12);
  });

  it("warm-up climbs linearly, then hands over to the schedule", () => {
    const s = warmup({ steps: 4, then: stepDecay({ initial: 1, every: 2 }) });
    assert.deepEqual(sampleSchedule(s, 8), [0.25, 0.5, 0.75, 1, 1, 1, 0.5, 0.5]);
    assert.deepEqual(sampleSchedule(warmup({ steps: 2, then: 0.2 }), 3), [0.1, 0.2, 0.2]);
  });

  it("names bad arguments", () => {
    assert.throws(() => stepDecay({ initial: 0, every: 2 }), { message: "stepDecay: initial must be a positive finite number; got 0" });
    assert.throws(() => stepDecay({ initial: 1, every: 0.5 }), { message: "stepDecay: every must be a positive integer; got 0.5" });
    assert.throws(() => cosineDecay({ initial: 1, totalSteps: 10, final: 2 }), {
      message: "cosineDecay: final must be a number in [0, initial]; got 2",
    });
    assert.throws(() => warmup({ steps: 0, then: 1 }), { message: "warmup: steps must be a positive integer; got 0" });
  });
});
