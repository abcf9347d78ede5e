import assert from "node:assert/strict";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { environment, environmentReport } from "../../lib/env";
import { tfInfo } from "../../lib/tf";

describe("env: what the course runs on", () => {
  it("reports versions from the installed packages and the tfjs backend in use", () => {
    const env = environment();
    assert.equal(env.node, process.version);
    assert.match(env.tslab, /^\d+\.\d+\.\d+$/);
    assert.match(env.kernelTypeScript, /^\d+\.\d+\.\d+$/);
    assert.equal(env.tfBackend, tfInfo().backend);
    assert.equal(env.tfSkipped.length, tfInfo().attempts.filter((a) => !a.ok).length);
  });

  it("shows them as a table", () => {
    const messages: DisplayMessage[] = [];
    const restore = captureDisplays((m) => messages.push(m));
    try {
      environmentReport();
    } finally {
      restore();
    }
    assert.match(String(messages[0]?.data["text/plain"]), new RegExp(`tfjs backend in use\\s+${tfInfo().backend}`));
  });
});
