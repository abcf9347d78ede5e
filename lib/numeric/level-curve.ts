/**
 * Where does the level curve f(x, y) = f(p) go through p? Found without derivatives: on a small
 * circle around p, look for the two points where f is back at the level f(p) (sign changes of
 * f - f(p) in the angle, refined by bisection). The chord between them approaches the tangent of
 * the level curve as the radius shrinks, which lets a notebook check, independently of any
 * gradient, that the gradient is perpendicular to the level curve.
 * Introduced in [notebook 05](../../notebooks/05-gradients.ipynb).
 */
import { checkFunction, checkInteger, checkNumber, show } from "../util/validate";

export interface LevelCrossing {
  /** The two points on the circle where f equals f(p). */
  points: [[number, number], [number, number]];
  /** The unit vector from the first point to the second. */
  direction: [number, number];
}

/**
 * The chord of the level curve of f through `p` on a circle of radius `radius`.
 * @example levelCurveChord((x, y) => x * x + y * y, [1, 0], 0.01).direction // ≈ [0, 1]
 * Throws when the circle does not meet the level curve exactly twice (p is a critical point,
 * or the radius is too large for the curve's bends).
 */
export function levelCurveChord(
  f: (x: number, y: number) => number,
  p: readonly [number, number],
  radius: number,
  samples = 720,
): LevelCrossing {
  checkFunction("f", f, "(x: number, y: number) => number");
  if (!Array.isArray(p) || p.length !== 2)
    throw new RangeError(`p must be a point [x, y]; got ${Array.isArray(p) ? `${p.length} coordinates` : show(p)}`);
  checkNumber("p[0]", p[0]);
  checkNumber("p[1]", p[1]);
  if (!(typeof radius === "number" && Number.isFinite(radius) && radius > 0))
    throw new RangeError(`radius must be a positive finite number such as 0.01; got ${show(radius)}`);
  checkInteger("samples", samples, 8);
  const level = f(p[0], p[1]);
  const at = (t: number): [number, number] => [p[0] + radius * Math.cos(t), p[1] + radius * Math.sin(t)];
  const g = (t: number) => {
    const [x, y] = at(t);
    return f(x, y) - level;
  };
  const crossings: number[] = [];
  const step = (2 * Math.PI) / samples;
  for (let i = 0; i < samples; i++) {
    let a = i * step;
    let b = a + step;
    let ga = g(a);
    const gb = g(b);
    if (ga === 0) {
      crossings.push(a);
      continue;
    }
    // a zero at b is counted by the next interval, where it is the left end
    if (gb === 0 || Math.sign(ga) === Math.sign(gb)) continue;
    for (let k = 0; k < 60; k++) {
      const m = (a + b) / 2;
      const gm = g(m);
      if (Math.sign(gm) === Math.sign(ga) && gm !== 0) [a, ga] = [m, gm];
      else b = m;
    }
    crossings.push((a + b) / 2);
  }
  const [t1, t2] = crossings;
  if (crossings.length !== 2 || t1 === undefined || t2 === undefined) {
    throw new RangeError(
      `the circle of radius ${radius} around (${p[0]}, ${p[1]}) meets the level curve ${crossings.length} times, not 2: ` +
        "p may be a critical point (zero gradient), or the radius is too large",
    );
  }
  const q1 = at(t1);
  const q2 = at(t2);
  const length = Math.hypot(q2[0] - q1[0], q2[1] - q1[1]);
  return { points: [q1, q2], direction: [(q2[0] - q1[0]) / length, (q2[1] - q1[1]) / length] };
}
