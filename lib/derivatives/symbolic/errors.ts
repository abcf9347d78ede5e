/**
 * Errors about an expression the engine was given: what is wrong, where (the offset in the source
 * text, counted from 0), and the source with a caret under that spot:
 *
 *   unexpected ")" at position 7
 *     (x + 1))
 *            ^
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  /** The first line of the message, without the source excerpt. */
  readonly problem: string;

  constructor(
    problem: string,
    readonly source: string,
    readonly position?: number,
  ) {
    const excerpt = position === undefined ? "" : `\n  ${source}\n  ${" ".repeat(position)}^`;
    super(`${problem}${excerpt}`);
    this.problem = problem;
  }
}
