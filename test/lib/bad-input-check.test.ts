// Bad input to lib/check (tolerances, cross-checks, exercise checks, gradient checks, claims,
// comparisons, grading draws, hints, staleness, the answer checks): each bad value from the
// notebook's author gets a clear error naming the argument. The learner's answer itself (actual,
// df, grad, learner) is not attacked here: a wrong answer is what the checks judge, with the
// exercise's own messages (test/lib/check.test.ts, gradcheck.test.ts).
import * as check from "../../lib/check";
import { tf } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { badInputTable, fields, rows, type Argument, type Fn } from "./bad-input";

const C = check as unknown as Record<string, Fn>;
const tol = { rtol: 1e-6, atol: 1e-9 };
const f1 = (x: number) => x * x;
const df1 = (x: number) => 2 * x;
const f1Tf = (x: tf.Scalar) => x.square();
const f2 = (x: number, y: number) => x * x + y;
const g2 = (x: number) => [2 * x, 1];
const f2Tf = (x: tf.Scalar, y: tf.Scalar) => x.square().add(y);
const quiet = { display: false };
const id = check.exerciseIds()[0]!;

const table: Record<string, Argument[]> = {
  isClose: rows(C.isClose, () => [1, 1, tol], ["a:real", "b:real", "tol"]),
  relativeDifference: rows(C.relativeDifference, () => [1, 2], ["a:real", "b:real"]),
  crossCheckGradient: fields(C.crossCheckGradient!, () => ({ name: "g", f: f2, grad: g2, fTf: f2Tf, at: [[1, 2]], ...quiet }), [
    "name:text",
    "f:function",
    "grad:function",
    "fTf:function",
    "at",
    "variables?",
    "h:positive?",
  ]).map((a) =>
    a.name === "variables"
      ? { ...a, valid: ["undefined", "an array of strings"] }
      : a.name === "at"
        ? { ...a, mentions: /\bat\b|point \d+/ }
        : a,
  ),
  crossCheck: fields(C.crossCheck!, () => ({ name: "d", f: f1, df: df1, fTf: f1Tf, at: [1, 2], ...quiet }), [
    "name:text",
    "f:function",
    "df:function",
    "fTf:function",
    "at",
    "h:positive?",
  ]),
  hintLine: fields(C.hintLine!, () => ({}), ["exercise:text?", "hint:text?"], { valid: ["an empty object"] }),
  beginCheck: rows(C.beginCheck, () => ["answer"], ["name:string"]),
  notWrittenYet: rows(C.notWrittenYet, () => ["answer"], ["name:string"]),
  callLearner: rows(C.callLearner, () => ["answer", () => 1], ["name:string", "-"]),
  // the entries of at are checked by the caller (numbers for checkDerivative, points for checkGradient)
  checkPoints: rows(C.checkPoints, () => ["checkDerivative", [1, 2]], ["caller:string", "at"]).map((a) =>
    a.name === "at" ? { ...a, valid: ["an array of strings", "a ragged array"] } : a,
  ),
  checkDerivative: [
    ...rows(C.checkDerivative, () => ["d", df1, { f: f1, fTf: f1Tf, at: [1] }], ["name:string", "-", "options"]).map((a) =>
      a.name === "options" ? { ...a, mentions: /\b(options|f)\b/ } : a,
    ),
    ...fields(
      (o) => check.checkDerivative("d", df1, o as never),
      () => ({ f: f1, fTf: f1Tf, at: [1] }),
      ["f:function", "fTf:function", "at", "exercise:text?", "hint:text?", "tolerance?"],
      false,
    ),
  ],
  checkClose: rows(C.checkClose, () => ["v", 1, 1, {}], ["name:string", "-", "expected:number", "options:options"]),
  checkAllClose: rows(C.checkAllClose, () => ["v", [1], [1], {}], ["name:string", "-", "expected", "options:options"]),
  relativeError: rows(C.relativeError, () => [1, 1], ["a", "b"]).map((a) => ({
    ...a,
    valid: ["a number", "a negative number", "a fraction"],
  })),
  classifyRelativeError: rows(C.classifyRelativeError, () => [1e-8], ["error:positive"]).map((a) => ({
    ...a,
    valid: [...a.valid!, "Infinity"],
  })),
  gradCheck: [
    ...rows(C.gradCheck, () => [[1, 2], [1, 2], {}], ["analytic", "numeric", "options:options"]).map((a) =>
      a.name === "options" ? a : { ...a, valid: ["a number", "a negative number", "a fraction"] },
    ),
  ],
  checkGradient: [
    ...rows(C.checkGradient, () => ["g", g2, { f: f2, fTf: f2Tf, at: [[1, 2]] }], ["name:string", "-", "options"]).map((a) =>
      a.name === "options" ? { ...a, mentions: /\b(options|f)\b/ } : a,
    ),
    ...fields(
      (o) => check.checkGradient("g", g2, o as never),
      () => ({ f: f2, fTf: f2Tf, at: [[1, 2]] }),
      ["f:function", "fTf:function", "at", "exercise:text?", "hint:text?", "tolerance?"],
      false,
    ),
  ],
  claim: rows(C.claim, () => ["s", true, "e"], ["statement:string", "holds:boolean", "evidence:text"]),
  checkClaim: rows(C.checkClaim, () => ["s", true, "e"], ["statement:string", "holds:boolean", "evidence:text"]),
  failedClaimLines: rows(C.failedClaimLines, () => [["x"]], ["texts"]).map((a) => ({
    ...a,
    valid: ["an empty array", "an array of strings"],
  })),
  describeOff: rows(C.describeOff, () => [1, 2], ["got:real", "want:real"]),
  mismatches: rows(C.mismatches, () => ["v", [1], [1], tol], ["where:text", "-", "-", "tol"]),
  entryCount: [],
  describeMismatches: rows(C.describeMismatches, () => ["v", [1], [1], tol, 4], ["label:string", "-", "-", "tol", "limit:count?"]),
  gradingSeed: rows(C.gradingSeed, () => [{}], ["env:options"]),
  gradingRng: rows(C.gradingRng, () => [id, {}], ["id:string", "env:options"]),
  drawNumber: rows(C.drawNumber, () => [createRng(1), 0, 1, 3], ["rng", "low:number", "high:number", "digits:count?"]),
  drawPoints: rows(C.drawPoints, () => [createRng(1), 2, 0, 1], ["rng", "n:count", "low:number", "high:number", "avoid?"]),
  hintText: rows(C.hintText, () => [id, 1], ["id:string", "tier"]).map((a) => (a.name === "tier" ? { ...a, valid: ["undefined"] } : a)),
  hint: rows(C.hint, () => [id, 1], ["id:string", "tier"]).map((a) => (a.name === "tier" ? { ...a, valid: ["undefined"] } : a)),
  failureHint: rows(C.failureHint, () => [id], ["id:string"]),
  leadingIdentifier: rows(C.leadingIdentifier, () => ["f(x)"], ["name:text"]),
  staleProblem: rows(C.staleProblem, () => ["f(x)"], ["name:text"]),
  checkExercise: rows(C.checkExercise, () => [id, () => 1, [], {}], ["id:string", "-", "cases", "options:options"]).map((a) =>
    // argument lists of different lengths are allowed (13.4's cases are graphs of different sizes)
    a.name === "cases" ? { ...a, valid: ["an empty array", "a ragged array"] } : a,
  ),
  checkHidden: rows(C.checkHidden, () => [id, () => 1, {}], ["id:string", "-", "extras:options"]),
};
delete table.entryCount;

badInputTable("lib/check", check as unknown as Record<string, unknown>, table, {
  entryCount: "counts the entries of an expected value any shape: every value is an answer to count (0 for a non-number)",
  CrossCheckReport: "a report crossCheck builds; notebooks read it, never construct it",
  CrossCheckError: "an error class the checks throw with their own message",
  ExerciseError: "an error class the checks throw with their own message",
  GradientCheckError: "an error class gradCheck throws with its own message",
  IntegrityError: "an error class assertIntegrity throws with its own message",
  integrityProblem: "takes no input: compares the environment with its state at load",
  assertIntegrity: "takes no input: throws when integrityProblem() finds a change",
  resetHintTiers: "takes no input: forgets which hints were shown",
  exerciseIds: "takes no input: the ids of the answer checks",
  beginWitnessCheck:
    "internal: the common start of checkDerivative and checkGradient, which validate their arguments (rows above) before calling it",
});
