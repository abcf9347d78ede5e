import assert from "node:assert/strict";
import { createRng } from "../../lib/random";

describe("random: the seeded generator", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return [rng.uniform(), rng.normal(), rng.int(0, 100), ...rng.shuffle([1, 2, 3, 4, 5])];
    };
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
  });

  it("draws uniforms in range and normals with mean 0 and variance 1 (100k samples)", () => {
    const rng = createRng(7);
    const u = Array.from({ length: 100_000 }, () => rng.uniform(-2, 3));
    assert.ok(u.every((x) => x >= -2 && x < 3));
    const z = rng.normals(100_000);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  });

  it("is well mixed from the first draw even for small seeds", () => {
    const firsts = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => createRng(s).uniform());
    assert.ok(Math.max(...firsts) - Math.min(...firsts) > 0.3, `first draws ${firsts}`);
  });

  it("shuffles into a permutation and forks into an independent stream", () => {
    const rng = createRng(1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(
      [...rng.shuffle(items)].sort((a, b) => a - b),
      items,
    );
    const a = createRng(9);
    const child = a.fork();
    assert.notEqual(child.uniform(), a.uniform());
  });

  it("names bad arguments", () => {
    assert.throws(() => createRng(1.5), { message: "createRng: seed must be an integer such as 42; got 1.5" });
    assert.throws(() => createRng(1).uniform(1, 1), {
      message: "uniform(low, high) needs finite numbers low < high; got low = 1, high = 1",
    });
    assert.throws(() => createRng(1).int(3, 2), { message: "int(low, high) needs integers with low <= high; got low = 3, high = 2" });
    assert.throws(() => createRng(1).normal(0, -1), {
      message: "normal(mean, std) needs a finite mean and a finite std >= 0; got mean = 0, std = -1",
    });
  });
});
