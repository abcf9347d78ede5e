/**
 * Telling a learner *why* a run blew up. Plain gradient descent on a function whose curvature
 * (second derivative, or largest Hessian eigenvalue) is L is stable only for lr < 2/L: on a
 * quadratic, each step multiplies the distance to the minimum by (1 − lr·L), which has magnitude
 * above 1 once lr > 2/L. The curvature along the last step, L ≈ ‖Δg‖ / ‖Δθ‖, is exact for a
 * quadratic and a good estimate near a minimum, so the hint can name the rate to stay below.
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
import { fmt } from "../util/format";
import { checkNumber, show } from "../util/validate";

function checkVectorLike(name: string, v: unknown, n?: number): asserts v is ArrayLike<number> {
  const ok = (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) && (v as ArrayLike<unknown>).length > 0;
  if (!ok) throw new TypeError(`curvatureAlongStep: ${name} must be a non-empty array of numbers; got ${show(v)}`);
  const values = v as ArrayLike<unknown>;
  if (n !== undefined && values.length !== n)
    throw new RangeError(`curvatureAlongStep: ${name} has ${values.length} numbers but theta0 has ${n}`);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    // a non-finite entry is allowed: after a blow-up there is no curvature to measure (undefined)
    if (typeof x !== "number") throw new TypeError(`curvatureAlongStep: ${name}[${i}] must be a number; got ${show(x)}`);
  }
}

export type DivergenceReason = "non-finite loss" | "non-finite gradient" | "non-finite parameters" | "loss growth";

/**
 * How far the loss may move before a run counts as diverged: `MAX_LOSS_GROWTH` times its starting
 * size. The default of every minimizer in gradlab (`minimize`, `gradientDescent`, and
 * `gradientDescentMinimize`, `newton` and `lbfgs` of lib/secondorder).
 */
export const MAX_LOSS_GROWTH = 1e6;

/**
 * The one divergence rule of gradlab's minimizers: a loss value f counts as diverged when it is not
 * finite, or when |f| > maxLossGrowth · max(|f(x0)|, 1). `undefined` means "keep going".
 *
 * Why this rule. Two rules used to exist: lib/optim's |f| > 10⁶·max(|f(x0)|, 10⁻¹²), and
 * lib/secondorder's |f| > 10¹²·(|f(x0)| + 1).
 * - Relative to f(x0), as both were: the rule does not depend on the loss's units.
 * - The floor of 1 comes from lib/secondorder's "+ 1". Without it a start where f(x0) is 0 (or
 *   tiny) turns an ordinary step into a "million-fold growth": gradient descent on x² − 4x from
 *   x = 0 (f = 0) reached f = −1.44 after one good step and was reported as diverged.
 * - max(…, 1) rather than + 1: whenever |f(x0)| >= 1 it is exactly lib/optim's rule, so the
 *   message "grew more than 10⁶ times" is literally true, and the runs of notebooks 06-08 stop at
 *   the same iteration as before (notebook 07's α = 1.5 at iteration 10, when f = 4·4¹⁰ > 4·10⁶).
 * - 10⁶ rather than 10¹²: a loss a million times its start has left the valley the run was meant
 *   to descend; the extra steps up to 10¹² carried only numbers heading for overflow (ten more
 *   steps at α = 1.5 above), and the hint (the curvature along the last steps) is the same.
 * - |f|, not f: a loss rushing to −∞ also ends the run, as when f is unbounded below (damped
 *   Newton on a saddle, notebook 12).
 *
 * `detail` says what happened, for messages: "the loss is NaN", "the loss grew from 4 to 4194304,
 * more than 1000000 times".
 */
export function lossDivergence(
  loss: number,
  startLoss: number,
  maxLossGrowth: number = MAX_LOSS_GROWTH,
): { reason: "non-finite loss" | "loss growth"; detail: string } | undefined {
  if (typeof loss !== "number")
    throw new TypeError(`lossDivergence: loss must be a number (NaN and Infinity count as diverged); got ${show(loss)}`);
  if (!Number.isFinite(loss)) return { reason: "non-finite loss", detail: `the loss is ${loss}` };
  checkNumber("lossDivergence: startLoss", startLoss);
  if (!(typeof maxLossGrowth === "number" && maxLossGrowth > 1 && Number.isFinite(maxLossGrowth)))
    throw new RangeError(`lossDivergence: maxLossGrowth must be a finite number > 1; got ${show(maxLossGrowth)}`);
  const limit = maxLossGrowth * Math.max(Math.abs(startLoss), 1);
  if (!(Math.abs(loss) > limit)) return undefined;
  const moved = `the loss ${loss > 0 ? "grew" : "fell"} from ${fmt(startLoss)} to ${fmt(loss)}`;
  const detail =
    Math.abs(startLoss) >= 1
      ? `${moved}, more than ${fmt(maxLossGrowth)} times${loss > 0 ? "" : " its starting size"}`
      : `${moved}, beyond ${fmt(maxLossGrowth)} × max(|${fmt(startLoss)}|, 1) = ${fmt(limit)} in size`;
  return { reason: "loss growth", detail };
}

export interface HintInput {
  reason: DivergenceReason;
  optimizer: string;
  learningRate: number;
  /** Momentum coefficient, when the optimizer has one. */
  momentum?: number;
  /** Curvature measured along the last finite step(s). */
  curvature?: number;
  /** 2: two steps agreed on it; 1: measured along the only step taken. @default 2 */
  curvatureSteps?: 1 | 2;
}

/** The estimated curvature along a step: ‖g₁ − g₀‖ / ‖θ₁ − θ₀‖ (undefined for a zero step). */
export function curvatureAlongStep(
  theta0: ArrayLike<number>,
  theta1: ArrayLike<number>,
  g0: ArrayLike<number>,
  g1: ArrayLike<number>,
): number | undefined {
  checkVectorLike("theta0", theta0);
  checkVectorLike("theta1", theta1, theta0.length);
  checkVectorLike("g0", g0, theta0.length);
  checkVectorLike("g1", g1, theta0.length);
  let dTheta = 0;
  let dGrad = 0;
  for (let i = 0; i < theta0.length; i++) {
    dTheta += ((theta1[i] as number) - (theta0[i] as number)) ** 2;
    dGrad += ((g1[i] as number) - (g0[i] as number)) ** 2;
  }
  if (!(dTheta > 0) || !Number.isFinite(dGrad)) return undefined;
  const L = Math.sqrt(dGrad) / Math.sqrt(dTheta);
  return Number.isFinite(L) && L > 0 ? L : undefined;
}

/** The largest stable rate of plain gradient descent (2/L) or heavy-ball momentum (2(1 + μ)/L) on a quadratic. */
export function stableLimit(curvature: number, momentum = 0): number {
  if (!(typeof curvature === "number" && Number.isFinite(curvature) && curvature > 0))
    throw new RangeError(
      `stableLimit: curvature must be a positive finite number (L, the largest second derivative); got ${show(curvature)}`,
    );
  if (!(typeof momentum === "number" && momentum >= 0 && momentum < 1))
    throw new RangeError(`stableLimit: momentum must be a number in [0, 1); got ${show(momentum)}`);
  return (2 * (1 + momentum)) / curvature;
}

/** A short, concrete suggestion for the next run. */
export function divergenceHint(input: HintInput): string {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new TypeError(`divergenceHint: input must be an object { reason, optimizer, learningRate, ... }; got ${show(input)}`);
  if (typeof input.optimizer !== "string")
    throw new TypeError(`divergenceHint: optimizer must be an optimizer's name such as "sgd"; got ${show(input.optimizer)}`);
  if (!(typeof input.learningRate === "number" && Number.isFinite(input.learningRate) && input.learningRate > 0))
    throw new RangeError(`divergenceHint: learningRate must be a positive finite number; got ${show(input.learningRate)}`);
  if (input.curvature !== undefined && !(typeof input.curvature === "number" && Number.isFinite(input.curvature) && input.curvature > 0))
    throw new RangeError(`divergenceHint: curvature must be a positive finite number (or left out); got ${show(input.curvature)}`);
  const { learningRate: lr, curvature: L } = input;
  const smaller = `try a learning rate about 10 times smaller (${fmt(lr / 10, 3)})`;
  const where = input.curvatureSteps === 1 ? "measured along the only step taken" : "measured along the last step";
  if (input.optimizer === "sgd" && L !== undefined) {
    const limit = stableLimit(L);
    if (lr > limit) {
      return (
        `learning rate ${fmt(lr)} is above 2/L = ${fmt(limit, 3)} for this problem (L ≈ ${fmt(L, 3)} is the curvature ` +
        `${where}); try a rate below ${fmt(limit, 3)}, e.g. ${fmt(limit / 2, 3)}`
      );
    }
  }
  if (input.optimizer === "momentum" && L !== undefined && input.momentum !== undefined) {
    const limit = stableLimit(L, input.momentum);
    if (lr > limit) {
      return (
        `learning rate ${fmt(lr)} with momentum ${fmt(input.momentum)} is above 2(1 + μ)/L = ${fmt(limit, 3)} ` +
        `(L ≈ ${fmt(L, 3)} ${where}); try a rate below ${fmt(limit, 3)}`
      );
    }
  }
  if (input.optimizer === "rmsprop" && input.reason !== "loss growth") {
    return `${smaller}; with centered: true, a nearly constant gradient can also make tfjs' root √(s − ḡ² − ε) undefined`;
  }
  if (input.reason !== "loss growth") {
    return `${smaller}, or check the loss and gradient code for overflow (exp of a large number, division by zero)`;
  }
  return smaller;
}
