import assert from "node:assert/strict";
import { liveTensors, setupTf, tf, tfInfo, TF_BACKENDS } from "../../lib/tf";

describe("tf: backend choice", () => {
  it("uses the best backend present and says why others were skipped", async () => {
    const info = await setupTf();
    assert.ok(TF_BACKENDS.includes(info.backend));
    assert.equal(tf.getBackend(), info.backend);
    const chosen = info.attempts.findIndex((a) => a.ok);
    assert.equal(info.attempts[chosen]?.backend, info.backend);
    for (const skipped of info.attempts.slice(0, chosen)) assert.ok(skipped.reason.length > 0, `${skipped.backend} has a reason`);
    if (!process.env.GRADLAB_TF_BACKEND) {
      // The preference order is tensorflow -> wasm -> cpu: only skipped backends come before the chosen one.
      assert.deepEqual(
        info.attempts.map((a) => a.backend),
        TF_BACKENDS.slice(0, chosen + 1),
      );
    }
  });

  it("returns the same choice when called again", async () => {
    assert.equal(await setupTf(), tfInfo());
  });

  it("differentiates x^2 at 2 to 4 on the chosen backend", () => {
    const before = liveTensors();
    const slope = tf.tidy(
      () =>
        tf
          .grad((x: tf.Tensor) => x.square())(tf.scalar(2))
          .dataSync()[0],
    );
    assert.equal(slope, 4);
    assert.equal(liveTensors(), before, "no tensor leaked");
  });

  it("rejects an unknown GRADLAB_TF_BACKEND with the allowed names", async () => {
    const saved = process.env.GRADLAB_TF_BACKEND;
    process.env.GRADLAB_TF_BACKEND = "gpu";
    try {
      await assert.rejects(setupTf({ force: true }), { message: 'GRADLAB_TF_BACKEND must be one of tensorflow, wasm, cpu; got "gpu"' });
    } finally {
      if (saved === undefined) delete process.env.GRADLAB_TF_BACKEND;
      else process.env.GRADLAB_TF_BACKEND = saved;
      await setupTf({ force: true });
    }
  });
});
