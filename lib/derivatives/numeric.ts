/**
 * Finite differences: derivatives from function values alone. Central differences are the
 * witness every hand-written derivative in the course is checked against.
 */

function checkStep(h: number): void {
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`h must be a positive finite number; got ${h}`);
}

function checkPoint(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`${name} must be a finite number; got ${x}`);
}

/**
 * (f(x + h) - f(x - h)) / 2h: error O(h^2). h = 1e-5 balances truncation against round-off
 * in float64 for well-scaled functions (notebook 02 shows the trade-off).
 * @example centralDifference((x) => x * x, 2) // ≈ 4
 */
export function centralDifference(f: (x: number) => number, x: number, h = 1e-5): number {
  checkPoint("x", x);
  checkStep(h);
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** The gradient of f: R^n -> R by central differences, one coordinate at a time (2n calls). */
export function centralGradient(f: (...args: number[]) => number, point: readonly number[], h = 1e-5): number[] {
  checkStep(h);
  point.forEach((v, i) => checkPoint(`point[${i}]`, v));
  return point.map((_, i) => {
    const plus = [...point];
    const minus = [...point];
    plus[i] = (plus[i] as number) + h;
    minus[i] = (minus[i] as number) - h;
    return (f(...plus) - f(...minus)) / (2 * h);
  });
}
