// Root hooks: TensorFlow.js is set up once for the whole run, with the same backend choice the
// notebooks make (GRADLAB_TF_BACKEND forces one).
import { setupTf } from "../../lib/tf";

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60000);
    await setupTf();
  },
};
