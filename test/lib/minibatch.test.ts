import assert from "node:assert/strict";
import { createBatcher } from "../../lib/optim";
import { createRng } from "../../lib/random";

describe("optim/minibatch", () => {
  it("visits every sample once per epoch, in a seeded order that changes each epoch", () => {
    const batches = createBatcher({ numSamples: 10, batchSize: 4, rng: createRng(3) });
    assert.equal(batches.batchesPerEpoch, 3);
    const epoch1 = [batches.next(), batches.next(), batches.next()];
    assert.deepEqual(
      epoch1.map((b) => b.length),
      [4, 4, 2],
    );
    assert.deepEqual(
      epoch1.flat().sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(batches.epoch, 1);
    const epoch2 = [batches.next(), batches.next(), batches.next()].flat();
    assert.notDeepEqual(epoch2, epoch1.flat());
    const again = createBatcher({ numSamples: 10, batchSize: 4, rng: createRng(3) });
    assert.deepEqual([again.next(), again.next(), again.next()], epoch1, "same seed, same batches");
  });

  it("full batch without shuffling is plain gradient descent's batch", () => {
    const batches = createBatcher({ numSamples: 5, batchSize: 5, shuffle: false });
    assert.deepEqual(batches.next(), [0, 1, 2, 3, 4]);
    assert.deepEqual(createBatcher({ numSamples: 5, batchSize: 2, dropLast: true, shuffle: false }).batchesPerEpoch, 2);
  });

  it("names bad arguments", () => {
    assert.throws(() => createBatcher({ numSamples: 5, batchSize: 6, shuffle: false }), {
      message: "createBatcher: batchSize must be an integer in [1, numSamples = 5]; got 6",
    });
    assert.throws(() => createBatcher({ numSamples: 5, batchSize: 2 }), {
      message: "createBatcher: shuffle needs rng, a seeded generator from createRng(seed); got undefined",
    });
  });
});
