import assert from "node:assert/strict";
import { checkClaim, claim, CLAIM_FAILED, CLAIM_HELD, failedClaimLines } from "../../lib/check/claims";
import { quietly } from "../support/quietly";

describe("check/claim", () => {
  it("prints one ✓ line with the evidence when the claim holds", () => {
    const { logs } = quietly(() => assert.equal(claim("Adam is faster", true, "Adam 80 steps, momentum 95"), undefined));
    assert.deepEqual(logs, [`${CLAIM_HELD} Adam is faster (Adam 80 steps, momentum 95)`]);
    assert.deepEqual(failedClaimLines(logs), []);
  });

  it("says plainly that the sentence no longer holds, with the numbers, and does not throw", () => {
    const { logs } = quietly(() => claim("Adam is faster", false, "Adam 113 steps, momentum 95"));
    assert.equal(logs.length, 1);
    assert.ok(logs[0]!.startsWith(CLAIM_FAILED), logs[0]);
    assert.match(logs[0]!, /"Adam is faster"/);
    assert.match(logs[0]!, /Adam 113 steps, momentum 95/);
    assert.deepEqual(failedClaimLines([`other output\n${logs[0]!}\nmore`]), [logs[0]]);
  });

  it("checkClaim gives the verdict without printing", () => {
    const { logs } = quietly(() =>
      assert.deepEqual(checkClaim("a < b", false, "a 2, b 1"), { statement: "a < b", holds: false, evidence: "a 2, b 1" }),
    );
    assert.deepEqual(logs, []);
  });

  it("refuses a claim that is not a computed boolean, naming the argument", () => {
    assert.throws(() => claim("x", 1 as unknown as boolean, "e"), /holds must be a boolean.*got number 1/);
    assert.throws(() => claim("", true, "e"), /statement must be a non-empty string/);
    assert.throws(() => claim("x", true, ""), /evidence must be a non-empty string/);
  });
});
