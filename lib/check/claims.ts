import { show } from "../util/validate";
/**
 * Claims: a sentence of prose that says something about an output ("Adam is fastest",
 * "the loss converges") is backed by a check computed from that output.
 *
 * `claim` prints one ✓ line when the sentence holds. When it does not (a learner changed a
 * parameter, so the run came out differently), it says plainly that the notebook's sentence no longer
 * holds with these parameters and gives the numbers; it never throws, so the notebook keeps
 * running. The notebook tests run every notebook with its default parameters and fail on any
 * line that starts with CLAIM_FAILED.
 *
 * @example
 * claim("Adam reaches f < 1e-4 in fewer steps than gradient descent", adamSteps < gdSteps,
 *       `Adam ${adamSteps} steps, gradient descent ${gdSteps}`);
 * Introduced in [notebook 02](../../notebooks/02-limit-definition.ipynb).
 */

/** The start of the line printed for a claim that does not hold (the notebook tests look for it). */
export const CLAIM_FAILED = "✗ No longer true with these parameters:";
/** The start of the line printed for a claim that holds. */
export const CLAIM_HELD = "✓ Claim holds:";

export interface ClaimResult {
  statement: string;
  holds: boolean;
  evidence: string;
}

/**
 * Checks one claim made by the prose and prints the verdict with its evidence; never throws for a
 * false claim. Returns nothing, so a cell that ends with a claim shows only the printed line (use
 * `checkClaim` for the result without printing).
 *
 * @param statement the claim in a few words, as the prose makes it
 * @param holds whether it is true for this run (a boolean, computed from the outputs)
 * @param evidence the numbers it rests on, e.g. "Adam 113 steps, momentum 95"
 */
export function claim(statement: string, holds: boolean, evidence: string): void {
  const result = checkClaim(statement, holds, evidence);
  if (result.holds) {
    console.log(`${CLAIM_HELD} ${statement} (${evidence})`);
  } else {
    console.log(
      `${CLAIM_FAILED} "${statement}". The notebook's text says so, but this run shows otherwise: ${evidence}. ` +
        "(The course's tests check that it holds with the notebook's default parameters.)",
    );
  }
}

/** The verdict on one claim, validated but not printed. */
export function checkClaim(statement: string, holds: boolean, evidence: string): ClaimResult {
  if (typeof statement !== "string" || statement.trim() === "") {
    throw new TypeError("claim: statement must be a non-empty string saying what the prose claims");
  }
  if (typeof holds !== "boolean") {
    throw new TypeError(
      `claim("${statement}"): holds must be a boolean computed from the outputs (e.g. a < b); got ${typeof holds} ${String(holds)}`,
    );
  }
  if (typeof evidence !== "string" || evidence.trim() === "") {
    throw new TypeError(`claim("${statement}"): evidence must be a non-empty string with the numbers the claim rests on`);
  }
  return { statement, holds, evidence };
}

/** The printed lines of claims that did not hold, found in a notebook's text outputs. */
export function failedClaimLines(texts: string[]): string[] {
  const given: unknown = texts; // what a caller without types may pass
  if (!Array.isArray(given) || !given.every((t) => typeof t === "string"))
    throw new TypeError(`failedClaimLines: texts must be an array of strings; got ${show(texts)}`);
  return texts.flatMap((t) => t.split("\n")).filter((line) => line.startsWith(CLAIM_FAILED));
}
