/**
 * The errors every layer shares, with structured fields: code that catches one reads its fields
 * (where it happened, what was not finite, at which step) instead of parsing its message.
 * Introduced in [notebook 11](../../notebooks/11-vanishing-exploding-gradients.ipynb).
 */

/**
 * A loss or gradient that stopped being a finite number (overflow, exploding gradients).
 * `source` is the computation that noticed it ("backprop", "valueAndGrads" ...), `detail` what
 * was not finite and what helps; the message is `source: detail`.
 * @example new NonFiniteError("backprop", 'the gradient of "W" is not finite')
 */
export class NonFiniteError extends RangeError {
  override name = "NonFiniteError";
  constructor(
    readonly source: string,
    readonly detail: string,
  ) {
    super(`${source}: ${detail}`);
  }
}

/**
 * Training that cannot continue: the loss or a gradient stopped being a finite number. `step` is
 * the epoch or optimizer step at which it happened; `cause` the NonFiniteError behind it, if any.
 * @example new DivergenceError("training diverged at epoch 3: ...", 3)
 */
export class DivergenceError extends Error {
  override name = "DivergenceError";
  constructor(
    message: string,
    readonly step: number,
    override readonly cause?: NonFiniteError,
  ) {
    super(message);
  }
  /** The step at which training stopped (same as `step`; the name the full-batch loop uses). */
  get epoch(): number {
    return this.step;
  }
}
