/**
 * The course's exercises as the checks know them: for each exercise id, what the learner writes,
 * how to draw fresh inputs for it at grading time, and the expected answers (a reference kept
 * here, in lib, so that no test cell shows an expression of the solution a learner could copy).
 *
 * - `checkExercise(id, learnerFn, cases)`: the visible test, on the few cases the notebook lists.
 * - `checkHidden(id, learnerFn, extras)`: the hidden test, on inputs drawn by gradingRng(id).
 *
 * Derivative and gradient exercises are checked against tfjs autograd and central differences of
 * the function they differentiate (checkDerivative, checkGradient); the others against the
 * reference, or a property (02.3: "no other step has a smaller error").
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { tf } from "../tf";
import { fmt, fmtVector } from "../util/format";
import { createRng, type Rng } from "../random";
import { describeMismatches } from "./compare";
import { ExerciseError, beginCheck, callLearner, checkDerivative, hintLine } from "./exercise";
import { checkGradient } from "./gradient-exercise";
import { drawNumber, drawPoints, gradingRng } from "./grading";
import { TF_TOLERANCE, type Tolerance } from "./tolerance";
import {
  chainGraph,
  checkExpRule,
  checkTopologicalSort,
  checkTrainingLoop,
  diamondGraph,
  guardCallback,
  libUpdatesMark,
  libUpdatesMessage,
  randomGraph,
  randomTrainingProblem,
  tfTensorMark,
  type SortCase,
  type TrainingCase,
} from "./builds";
import { checkFields, checkOptions, isCallable, show } from "../util/validate";
import { at } from "../util/array";
import { asMatrix, isMatrixLike, plainMatrix, type MatrixLike, type PlainMatrix } from "./matrix-like";

/**
 * What a check may need from the notebook: lib's Matrix class (to build inputs of matrix
 * exercises) and lib's Value class (the witness of the engine exercises of notebook 13; lib/check
 * sits below lib/autodiff, so the test cell hands it over).
 */
export interface HiddenExtras {
  Matrix?: { fromFlat(rows: number, cols: number, values: ArrayLike<number>): unknown };
  Value?: unknown;
}

interface ValueExercise {
  kind: "value";
  /** The learner's function, as the notebook names it. */
  name: string;
  /** The expected result for these arguments. */
  reference: (...args: never[]) => unknown;
  /** Inputs drawn for the hidden test. */
  draw: (rng: Rng, extras: HiddenExtras) => unknown[][];
  tolerance: Tolerance;
  /** What of a call is compared (default: its result), e.g. the arrays a function updated in place. */
  observe?: (args: unknown[], result: unknown) => unknown;
  /** A property check instead of a comparison with the reference: "" when fine, else the problem. */
  verify?: (args: unknown[], got: unknown) => string;
  /** How to show the arguments in messages. */
  show?: (args: unknown[]) => string;
  /** Called with the arguments before the learner's function gets them (e.g. to count calls). */
  wrap?: (args: unknown[]) => { args: unknown[]; after: () => string };
}

interface DerivativeExercise {
  kind: "derivative";
  name: string;
  f: (x: number) => number;
  fTf: (x: tf.Scalar) => tf.Tensor;
  draw: (rng: Rng) => number[];
  tolerance?: Tolerance;
}

interface GradientExercise {
  kind: "gradient";
  name: string;
  f: (...args: number[]) => number;
  fTf: (...args: tf.Scalar[]) => tf.Tensor;
  draw: (rng: Rng) => number[][];
}

/** An exercise where the learner builds a piece gradlab also has; its own check (lib/check/builds.ts) runs both tests. */
interface BuildExercise {
  kind: "build";
  name: string;
  visible: (id: string, learner: unknown, cases: unknown[][], extras: HiddenExtras) => void;
  hidden: (id: string, learner: unknown, rng: Rng, extras: HiddenExtras) => void;
}

type Exercise = ValueExercise | DerivativeExercise | GradientExercise | BuildExercise;

const EXACT: Tolerance = { rtol: 1e-9, atol: 1e-12 };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const matrixArg = (extras: HiddenExtras) => {
  if (!extras.Matrix) throw new TypeError("this hidden test needs lib's Matrix class: checkHidden(id, fn, { Matrix })");
  return extras.Matrix;
};
/** a (r×k) · b (k×c) on plain arrays. */
function matmul(a: MatrixLike, b: MatrixLike, transposeA = false, transposeB = false): PlainMatrix {
  const [r, k] = transposeA ? [a.cols, a.rows] : [a.rows, a.cols];
  const c = transposeB ? b.rows : b.cols;
  const entry = (m: MatrixLike, i: number, j: number, t: boolean) => at(m.data, t ? j * m.cols + i : i * m.cols + j, "matmul");
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let sum = 0;
      for (let q = 0; q < k; q++) sum += entry(a, i, q, transposeA) * entry(b, q, j, transposeB);
      data[i * c + j] = sum;
    }
  return { rows: r, cols: c, data };
}
const isList = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
/** A parameter as exercise 15.2 hands it over: { value, grad } with Float64Array entries. */
const isParameter = (v: unknown): v is { value: Float64Array; grad: Float64Array } =>
  typeof v === "object" && v !== null && "value" in v && "grad" in v && v.value instanceof Float64Array && v.grad instanceof Float64Array;
/** `args[i]` when it is a number, else a TypeError naming the exercise's function and the argument. */
function numberArg(args: readonly unknown[], i: number, fn: string): number {
  const v = args[i];
  if (typeof v !== "number") throw new TypeError(`${fn}: argument ${i + 1} must be a number; got ${show(v)}`);
  return v;
}
/** `args[i]` when it is a function, else a TypeError naming the exercise's function and the argument. */
function functionArg<F extends (...a: never[]) => unknown>(args: readonly unknown[], i: number, fn: string): F {
  const v = args[i];
  if (typeof v !== "function") throw new TypeError(`${fn}: argument ${i + 1} must be a function; got ${show(v)}`);
  return v as F; // typeof narrows to Function only; the signature is the exercise's (checked by its calls)
}
/** `args[i]` when it is an array, else a TypeError naming the exercise's function and the argument. */
function arrayArg(args: readonly unknown[], i: number, fn: string): unknown[] {
  const v = args[i];
  if (!Array.isArray(v)) throw new TypeError(`${fn}: argument ${i + 1} must be an array; got ${show(v)}`);
  return v;
}
const fnName = (f: unknown) => (typeof f === "function" && f.name ? f.name : "f");
const showArg = (v: unknown): string => {
  if (typeof v === "number") return fmt(v);
  if (typeof v === "function") return fnName(v);
  if (v && typeof v === "object" && "rows" in v && "cols" in v) return `${show(v.rows)}×${show(v.cols)} matrix`;
  if (isList(v)) {
    const list: unknown[] = Array.from(v);
    return list.length <= 6 && list.every((x): x is number => typeof x === "number") ? fmtVector(list, 4) : `[${list.length} values]`;
  }
  return typeof v;
};

const article = (x: number, y: number) => x * x + 3 * x * y + y * y;
const articleGrad = (x: number, y: number) => [2 * x + 3 * y, 3 * x + 2 * y];
const odometer = (t: number) => -10 * t ** 3 + 20 * t ** 2 + 50 * t;
const cube = (x: number) => x ** 3;
const centralError = (f: (x: number) => number, df: (x: number) => number, x: number, h: number) =>
  Math.abs((f(x + h) - f(x - h)) / (2 * h) - df(x));
const STEPS = Array.from({ length: 61 }, (_, i) => 10 ** (-1 - i / 4));

const adam = (x: number, g: number, m: number, v: number, t: number, lr: number) => {
  const m1 = 0.9 * m + 0.1 * g;
  const v1 = 0.999 * v + 0.001 * g * g;
  return [x - (lr * (m1 / (1 - 0.9 ** t))) / (Math.sqrt(v1 / (1 - 0.999 ** t)) + 1e-7), m1, v1];
};

/** The graphs a visible test of 13.4 names: ["diamond"], ["chain", n], ["random", seed, size]. */
function sortGraph(spec: unknown[]): SortCase {
  const [kind, a, b] = spec;
  if (kind === "diamond") return diamondGraph();
  if (kind === "chain" && typeof a === "number") return chainGraph(a);
  if (kind === "random" && typeof a === "number" && typeof b === "number") return randomGraph(createRng(a), b);
  throw new RangeError(`a graph for ex13-4 is ["diamond"], ["chain", n] or ["random", seed, size]; got ${JSON.stringify(spec)}`);
}

/**
 * The gradient check of exercise 9.3: central differences of L = Σ dY ⊙ (X + σ(XW + b)) with
 * respect to every entry of X, W and b, against the learner's dX, dW, db. "" when they agree.
 */
function residualGradientCheck([X, W, b, dY]: [MatrixLike, MatrixLike, MatrixLike, MatrixLike], got: unknown): string {
  const loss = (x: MatrixLike, w: MatrixLike, bias: MatrixLike) => {
    const z = matmul(x, w);
    let total = 0;
    z.data.forEach((zk, k) => {
      const y = at(x.data, k, "X") + sigmoid(zk + at(bias.data, k % z.cols, "b"));
      total += at(dY.data, k, "dY") * y;
    });
    return total;
  };
  const numeric = (which: 0 | 1 | 2) => {
    const mats = [plainMatrix(X), plainMatrix(W), plainMatrix(b)] as const;
    const target = mats[which];
    return Array.from(target.data, (saved, k) => {
      const h = 1e-5 * Math.max(1, Math.abs(saved));
      target.data[k] = saved + h;
      const up = loss(...mats);
      target.data[k] = saved - h;
      const down = loss(...mats);
      target.data[k] = saved;
      return (up - down) / (2 * h);
    });
  };
  if (!got || typeof got !== "object") return `returned ${typeof got}, not { dX, dW, db }`;
  const parts = [
    { name: "dX", of: "X", want: X, which: 0 },
    { name: "dW", of: "W", want: W, which: 1 },
    { name: "db", of: "b", want: b, which: 2 },
  ] as const;
  for (const { name, of, want, which } of parts) {
    const m: unknown = Reflect.get(got, name);
    if (!isMatrixLike(m)) return `returned no ${name} matrix`;
    if (m.rows !== want.rows || m.cols !== want.cols)
      return `returned ${name} of shape ${m.rows}×${m.cols}; it should have the shape of ${of}, ${want.rows}×${want.cols}`;
    const problem = describeMismatches(name, Array.from(m.data), numeric(which), { rtol: 1e-6, atol: 1e-7 });
    if (problem) return `fails the gradient check: ${problem.replace(/\.$/, "")} (compared with central differences of the loss)`;
  }
  return "";
}

const EXERCISES: Record<string, Exercise> = {
  "ex00-1": { kind: "derivative", name: "cubeDerivative", f: cube, fTf: (x) => x.pow(3), draw: (r) => drawPoints(r, 5, -4, 4) },
  "ex01-1": {
    kind: "value",
    name: "averageSpeed",
    reference: (t0: number, t1: number) => (odometer(t1) - odometer(t0)) / (t1 - t0),
    draw: (r) =>
      Array.from({ length: 4 }, () => {
        const t0 = drawNumber(r, 0, 2, 2);
        return [t0, t0 + drawNumber(r, 0.1, 1.5, 2)];
      }),
    tolerance: { rtol: 1e-9, atol: 1e-9 },
  },
  "ex01-2": {
    kind: "derivative",
    name: "speedometer",
    f: (t) => 5 * t ** 3 - 30 * t ** 2 + 70 * t,
    fTf: (t) => t.pow(3).mul(5).sub(t.square().mul(30)).add(t.mul(70)),
    draw: (r) => drawPoints(r, 5, 0, 4),
  },
  "ex02-1": {
    kind: "value",
    name: "forwardQuotient",
    reference: (fn: (x: number) => number, x: number, h: number) => (fn(x + h) - fn(x)) / h,
    draw: (r) => {
      const fns: Array<(x: number) => number> = [
        Math.sin,
        Math.cos,
        Math.exp,
        Math.atan,
        function cube(x: number) {
          return x ** 3;
        },
      ];
      return Array.from({ length: 4 }, () => [fns[r.int(0, fns.length - 1)], drawNumber(r, -2, 2), 10 ** -r.int(1, 4)]);
    },
    tolerance: { rtol: 1e-9, atol: 1e-9 },
  },
  "ex02-2": {
    kind: "derivative",
    name: "reciprocalDerivative",
    f: (x) => 1 / x,
    fTf: (x) => x.reciprocal(),
    draw: (r) => drawPoints(r, 5, -3, 3, { points: [0], distance: 0.2 }),
  },
  "ex02-3": {
    kind: "value",
    name: "bestCentralStep",
    reference: () => undefined,
    draw: (r) => {
      const pairs: Array<[(x: number) => number, (x: number) => number]> = [
        [Math.exp, Math.exp],
        [Math.sin, Math.cos],
        [
          function cube(x: number) {
            return x ** 3;
          },
          function cubePrime(x: number) {
            return 3 * x * x;
          },
        ],
      ];
      return Array.from({ length: 3 }, () => {
        const [f, df] = at(pairs, r.int(0, pairs.length - 1), "ex02-3 pairs");
        return [f, df, drawNumber(r, 0.5, 2)];
      });
    },
    tolerance: EXACT,
    verify: (args, got) => {
      const f = functionArg<(x: number) => number>(args, 0, "bestCentralStep");
      const df = functionArg<(x: number) => number>(args, 1, "bestCentralStep");
      const x = numberArg(args, 2, "bestCentralStep");
      if (typeof got !== "number" || !STEPS.some((h) => Math.abs(h - got) <= 1e-12 * h))
        return `returned ${showArg(got)}, which is not one of numeric.logSteps(-1, -16, 4)`;
      const errors = STEPS.map((h) => centralError(f, df, x, h));
      const best = Math.min(...errors);
      const mine = centralError(f, df, x, got);
      if (mine <= best * 1.01) return "";
      return `returned a step whose error is ${fmt(mine / best, 2)} times the smallest error; the best step is ${STEPS.findIndex((h) => centralError(f, df, x, h) === best) < STEPS.findIndex((h) => Math.abs(h - got) <= 1e-12 * h) ? "larger" : "smaller"}`;
    },
  },
  "ex03-1": {
    kind: "derivative",
    name: "chainDerivative",
    f: (x) => (3 * x - 1) ** 4,
    fTf: (x) => x.mul(3).sub(1).pow(4),
    draw: (r) => drawPoints(r, 5, -1.5, 2),
  },
  "ex03-2": {
    kind: "derivative",
    name: "productDerivative",
    f: (x) => x * Math.exp(x),
    fTf: (x) => x.mul(x.exp()),
    draw: (r) => drawPoints(r, 5, -3, 2),
  },
  "ex03-3": {
    kind: "derivative",
    name: "quotientAnswer()",
    f: (x) => (x * x) / (x + 1),
    fTf: (x) => x.square().div(x.add(1)),
    draw: (r) => drawPoints(r, 5, -4, 3, { points: [-1], distance: 0.3 }),
  },
  "ex04-1": {
    kind: "gradient",
    name: "gradG",
    f: (x, y) => x * x * y + Math.sin(y),
    fTf: (x, y) => x.square().mul(y).add(y.sin()),
    draw: (r) => Array.from({ length: 3 }, () => drawPoints(r, 2, -3, 3)),
  },
  "ex04-2": {
    kind: "value",
    name: "dfdyEstimate",
    reference: (x: number, y: number, h: number) => (article(x, y + h) - article(x, y - h)) / (2 * h),
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, -3, 3), drawNumber(r, -3, 3), 10 ** -r.int(2, 5)]),
    tolerance: { rtol: 1e-6, atol: 1e-6 },
  },
  "ex05-1": {
    kind: "value",
    name: "gradientMagnitude",
    reference: (x: number, y: number) => Math.hypot(...articleGrad(x, y)),
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, -3, 3), drawNumber(r, -3, 3)]),
    tolerance: { rtol: 1e-9, atol: 1e-9 },
  },
  "ex05-2": {
    kind: "value",
    name: "descentDirection",
    reference: (x: number, y: number) => {
      const g = articleGrad(x, y);
      const n = Math.hypot(...g);
      return g.map((v) => -v / n);
    },
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, 0.5, 3), drawNumber(r, -3, -0.5)]),
    tolerance: { rtol: 1e-7, atol: 1e-9 },
  },
  "ex05-3": {
    kind: "gradient",
    name: "gradQ",
    f: (x, y) => x * x + 4 * y * y - 2 * x * y + Math.exp(x),
    fTf: (x, y) => x.square().add(y.square().mul(4)).sub(x.mul(y).mul(2)).add(x.exp()),
    draw: (r) => Array.from({ length: 3 }, () => drawPoints(r, 2, -2, 2)),
  },
  "ex06-1": {
    kind: "value",
    name: "gdStep",
    reference: (x: number, rate: number) => x - rate * (2 * x - 4),
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, -5, 8), drawNumber(r, 0.01, 0.5, 2)]),
    tolerance: { rtol: 1e-9, atol: 1e-9 },
  },
  "ex06-2": {
    kind: "value",
    name: "iterationsNeeded",
    reference: (lr: number, x0: number, tol: number) => {
      let x = x0;
      let k = 0;
      while (Math.abs(x - 2) >= tol && k < 100_000) {
        x -= lr * (2 * x - 4);
        k++;
      }
      return k;
    },
    draw: (r) =>
      Array.from({ length: 3 }, () => [
        drawNumber(r, 0.02, 0.4, 2),
        at(drawPoints(r, 1, -4, 8, { points: [2], distance: 0.5 }), 0, "ex06-2 x0"),
        10 ** -r.int(2, 5),
      ]),
    tolerance: { rtol: 0, atol: 0 },
  },
  "ex06-3": {
    kind: "value",
    name: "descend",
    reference: (slope: (x: number) => number, x0: number, lr: number, steps: number) => {
      const xs = [x0];
      let x = x0;
      for (let k = 0; k < steps; k++) {
        x -= lr * slope(x);
        xs.push(x);
      }
      return xs;
    },
    draw: (r) => {
      const a = drawNumber(r, 0.5, 3, 2);
      const c = drawNumber(r, -3, 3, 2);
      return [
        [
          function bowlSlope(x: number) {
            return 2 * a * (x - c);
          },
          drawNumber(r, -5, 5),
          drawNumber(r, 0.01, 0.8 / a),
          r.int(5, 30),
        ],
        [
          function cubicSlope(x: number) {
            return x ** 3 - 1;
          },
          drawNumber(r, -1.5, 1.5),
          drawNumber(r, 0.02, 0.1),
          r.int(5, 30),
        ],
        [Math.cos, drawNumber(r, -3, 3), drawNumber(r, 0.1, 0.5), r.int(5, 30)],
      ];
    },
    wrap: (args) => {
      const slope = functionArg<(x: number) => number>(args, 0, "descend");
      const steps = numberArg(args, 3, "descend");
      const guard = guardCallback(slope, ["optim", "secondorder", "regression", "train"]);
      const updates = libUpdatesMark();
      return {
        args: [guard.fn, ...args.slice(1)],
        after: () =>
          guard.libCallers().length > 0
            ? `called the slope from inside gradlab's ${guard.libCallers().join(", ")} code (gradientDescent and friends); this exercise is to write the loop yourself`
            : updates() > 0
              ? libUpdatesMessage(updates(), "x ← x − lr·slope(x)")
              : guard.calls() !== steps
                ? `called the slope ${guard.calls()} times for ${steps} steps; the loop needs it once per step`
                : "",
      };
    },
    show: (args) => `descend(${args.slice(0, 3).map(showArg).join(", ")}, ${String(args[3])})`,
    tolerance: { rtol: 1e-12, atol: 1e-12 },
  },
  "ex06-4": {
    kind: "value",
    name: "predictedX3",
    // computed by running the update, like the reveal cell does: three steps from 0 at α = 0.3
    reference: () => {
      let x = 0;
      for (let k = 0; k < 3; k++) x -= 0.3 * (2 * x - 4);
      return x;
    },
    draw: () => [[]],
    show: () => "your prediction of x₃",
    tolerance: { rtol: 0, atol: 5e-4 },
  },
  "ex07-1": {
    kind: "value",
    name: "maxStableRate",
    reference: (L: number) => 2 / L,
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, 0.1, 100, 2)]),
    tolerance: { rtol: 1e-3, atol: 0 },
  },
  "ex07-2": {
    kind: "value",
    name: "adamUpdate",
    reference: adam,
    draw: (r) =>
      Array.from({ length: 5 }, () => [
        drawNumber(r, -3, 3),
        drawNumber(r, -5, 5),
        drawNumber(r, -1, 1),
        drawNumber(r, 0, 2),
        r.int(1, 30),
        drawNumber(r, 0.001, 0.5),
      ]),
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex07-3": {
    kind: "value",
    name: "cosineRate",
    reference: (t: number, initial: number, totalSteps: number) =>
      (initial * (1 + Math.cos((Math.PI * Math.min(t, totalSteps)) / totalSteps))) / 2,
    draw: (r) =>
      Array.from({ length: 6 }, () => {
        const totalSteps = r.int(5, 500);
        return [r.int(0, Math.round(1.2 * totalSteps)), drawNumber(r, 0.01, 1), totalSteps];
      }),
    tolerance: EXACT,
  },
  "ex07-4": {
    kind: "value",
    name: "rmspropUpdate",
    // tf.train.rmsprop without momentum: decay 0.9, ε inside the root
    reference: (x: number, g: number, s: number, lr: number) => {
      const s1 = 0.9 * s + 0.1 * g * g;
      return [x - (lr * g) / Math.sqrt(s1 + 1e-7), s1];
    },
    draw: (r) =>
      Array.from({ length: 5 }, () => [drawNumber(r, -3, 3), drawNumber(r, -5, 5), drawNumber(r, 0, 2), drawNumber(r, 0.001, 0.5)]),
    tolerance: EXACT,
  },
  "ex08-1": {
    kind: "value",
    name: "lineGradient",
    reference: (xs: number[], ys: number[], w: number, b: number) => {
      const n = xs.length;
      let dw = 0;
      let db = 0;
      xs.forEach((x, i) => {
        const e = w * x + b - at(ys, i, "ys");
        dw += (2 * e * x) / n;
        db += (2 * e) / n;
      });
      return [dw, db];
    },
    draw: (r) =>
      Array.from({ length: 3 }, () => {
        const n = r.int(3, 8);
        return [
          r.normals(n).map((v) => Math.round(v * 1000) / 1000),
          r.normals(n, 0, 3).map((v) => Math.round(v * 1000) / 1000),
          drawNumber(r, -2, 2),
          drawNumber(r, -2, 2),
        ];
      }),
    tolerance: { rtol: 1e-9, atol: 1e-9 },
  },
  "ex08-2": {
    kind: "value",
    name: "standardize",
    reference: (values: number[]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
      return values.map((v) => (v - mean) / sd);
    },
    draw: (r) => Array.from({ length: 3 }, () => [r.normals(r.int(4, 10), drawNumber(r, -50, 500), drawNumber(r, 0.5, 80))]),
    tolerance: { rtol: 1e-9, atol: 1e-9 },
  },
  "ex09-1": {
    kind: "value",
    name: "hiddenLayerGrads",
    reference: (x: unknown, h: unknown, W2: unknown, dLdy: unknown) => {
      const dLdh = matmul(asMatrix(W2, "W2"), asMatrix(dLdy, "dLdy"), true);
      const hm = asMatrix(h, "h");
      const dz = dLdh.data.map((v, k) => {
        const hk = at(hm.data, k, "h");
        return v * (hk * (1 - hk));
      });
      const db1 = { rows: dLdh.rows, cols: dLdh.cols, data: dz };
      return { dW1: matmul(db1, asMatrix(x, "x"), false, true), db1 };
    },
    draw: (r, extras) => {
      const M = matrixArg(extras);
      return Array.from({ length: 3 }, () => {
        const hidden = r.int(2, 5);
        return [
          M.fromFlat(2, 1, r.normals(2)),
          M.fromFlat(
            hidden,
            1,
            Array.from({ length: hidden }, () => r.uniform(0.05, 0.95)),
          ),
          M.fromFlat(1, hidden, r.normals(hidden)),
          M.fromFlat(1, 1, r.normals(1)),
        ];
      });
    },
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex09-2": {
    kind: "value",
    name: "denseBackward",
    reference: (X: unknown, W: unknown, dY: unknown) => {
      const d = asMatrix(dY, "dY");
      const sums = new Float64Array(d.cols);
      Array.from(d.data).forEach((v, k) => {
        sums[k % d.cols] = at(sums, k % d.cols, "db") + v;
      });
      const db = { rows: 1, cols: d.cols, data: sums };
      return { dX: matmul(d, asMatrix(W, "W"), false, true), dW: matmul(asMatrix(X, "X"), d, true), db };
    },
    draw: (r, extras) => {
      const M = matrixArg(extras);
      return Array.from({ length: 2 }, () => {
        const [n, i, o] = [r.int(1, 6), r.int(1, 4), r.int(1, 4)];
        return [M.fromFlat(n, i, r.normals(n * i)), M.fromFlat(i, o, r.normals(i * o)), M.fromFlat(n, o, r.normals(n * o))];
      });
    },
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex09-3": {
    kind: "value",
    name: "residualLayerBackward",
    reference: () => undefined,
    draw: (r, extras) => {
      const M = matrixArg(extras);
      return Array.from({ length: 3 }, () => {
        const [n, c] = [r.int(1, 5), r.int(1, 4)];
        return [
          M.fromFlat(n, c, r.normals(n * c)),
          M.fromFlat(c, c, r.normals(c * c)),
          M.fromFlat(1, c, r.normals(c)),
          M.fromFlat(n, c, r.normals(n * c)),
        ];
      });
    },
    show: (args) => `residualLayerBackward(X ${showArg(args[0])}, W, b, dY) at one of the test points`,
    tolerance: { rtol: 1e-6, atol: 1e-7 },
    verify: ([X, W, b, dY], got) => residualGradientCheck([asMatrix(X, "X"), asMatrix(W, "W"), asMatrix(b, "b"), asMatrix(dY, "dY")], got),
    // the exercise is the chain rule by hand: an answer that asks tfjs autograd for the gradients is refused
    wrap: (args) => {
      const made = tfTensorMark();
      return {
        args,
        after: () =>
          made() > 0
            ? "made tfjs tensors: this exercise is to fix the backward pass by hand, not to ask tfjs autograd for the gradients"
            : "",
      };
    },
  },
  "ex10-1": { kind: "derivative", name: "tanhDerivative", f: Math.tanh, fTf: (x) => tf.tanh(x), draw: (r) => drawPoints(r, 5, -5, 5) },
  "ex10-2": {
    kind: "derivative",
    name: "eluDerivative",
    f: (x) => (x > 0 ? x : Math.exp(x) - 1),
    fTf: (x) => tf.elu(x),
    draw: (r) => drawPoints(r, 6, -5, 4, { points: [0], distance: 0.05 }),
  },
  "ex11-1": {
    kind: "value",
    name: "clipGlobalNorm",
    reference: (grads: Float64Array[], maxNorm: number) => {
      let s = 0;
      for (const g of grads) for (const v of g) s += v * v;
      const scale = maxNorm / Math.max(Math.sqrt(s), maxNorm);
      return { result: grads.map((g) => Array.from(g, (v) => v * scale)), inputs: grads.map((g) => Array.from(g)) };
    },
    observe: (args, result) => ({ result, inputs: arrayArg(args, 0, "clipGlobalNorm").map((g) => (isList(g) ? Array.from(g) : g)) }),
    draw: (r) =>
      Array.from({ length: 3 }, () => [
        Array.from({ length: r.int(1, 4) }, () => Float64Array.from(r.normals(r.int(1, 5), 0, 10 ** r.uniform(-2, 1)))),
        drawNumber(r, 0.1, 3),
      ]),
    show: (args) => `clipGlobalNorm(${arrayArg(args, 0, "clipGlobalNorm").length} arrays, ${showArg(args[1])})`,
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex11-2": {
    kind: "value",
    name: "residualBackward",
    reference: (dY: unknown, inner: (g: unknown) => unknown) => {
      const d = asMatrix(dY, "dY");
      const i = asMatrix(inner(dY), "inner(dY)");
      return { rows: d.rows, cols: d.cols, data: Float64Array.from(d.data, (v, k) => v + at(i.data, k, "inner(dY)")) };
    },
    draw: (r, extras) => {
      const M = matrixArg(extras);
      return Array.from({ length: 3 }, () => {
        const [n, c] = [r.int(1, 4), r.int(1, 5)];
        const A = { rows: c, cols: c, data: Float64Array.from(r.normals(c * c)) };
        const inner = (g: unknown) => M.fromFlat(n, c, matmul(asMatrix(g, "g"), A).data);
        return [M.fromFlat(n, c, r.normals(n * c)), inner];
      });
    },
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex12-1": {
    kind: "value",
    name: "hessianByHand",
    reference: (x: number, y: number) => [
      [6 * x, 4 * y],
      [4 * y, 4 * x],
    ],
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, -3, 3), drawNumber(r, -3, 3)]),
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex12-2": {
    kind: "value",
    name: "newtonStep",
    reference: (x: number) => x - (4 * x ** 3 - 6 * x) / (12 * x ** 2 - 6),
    draw: (r) => Array.from({ length: 4 }, () => drawPoints(r, 1, -3, 3, { points: [-Math.SQRT1_2, Math.SQRT1_2], distance: 0.15 })),
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex13-1": {
    kind: "value",
    name: "backwardByHand",
    reference: (a: number, b: number) => {
      const v = a * b + b;
      return [2 * v * b, 2 * v * a + 2 * v];
    },
    draw: (r) => Array.from({ length: 4 }, () => [drawNumber(r, -3, 3), drawNumber(r, -3, 3)]),
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex13-2": {
    kind: "value",
    name: "forwardDifferenceGradient",
    reference: (f: (x: number[]) => number, x: number[], h: number) => {
      const fx = f(x);
      return x.map((_, i) => {
        const s = [...x];
        s[i] = at(x, i, "x") + h;
        return (f(s) - fx) / h;
      });
    },
    draw: (r) =>
      Array.from({ length: 3 }, () => {
        const n = r.int(2, 6);
        const c = r.normals(n);
        const f = (xs: number[]) => xs.reduce((a, v, i) => a + at(c, i, "c") * v * v + Math.sin(v), 0);
        return [f, drawPoints(r, n, -2, 2), 1e-6];
      }),
    wrap: (args) => {
      const f = functionArg<(x: number[]) => number>(args, 0, "forwardDifferenceGradient");
      const x = arrayArg(args, 1, "forwardDifferenceGradient");
      let calls = 0;
      const counted = (xs: number[]) => {
        calls++;
        return f(xs);
      };
      return {
        args: [counted, ...args.slice(1)],
        after: () =>
          calls === x.length + 1 ? "" : `called f ${calls} times for ${x.length} inputs; it should call it ${x.length + 1} times`,
      };
    },
    show: (args) => `forwardDifferenceGradient(f, ${showArg(args[1])}, ${showArg(args[2])})`,
    tolerance: { rtol: 1e-6, atol: 1e-6 },
  },
  "ex13-3": {
    kind: "build",
    name: "myExp",
    visible: (id, learner, cases, extras) => checkExpRule(id, "myExp", learner, cases as number[][], extras),
    hidden: (id, learner, rng, extras) =>
      checkExpRule(
        id,
        "myExp",
        learner,
        Array.from({ length: 3 }, () => drawPoints(rng, 2, -1.5, 1.5)),
        extras,
      ),
  },
  "ex13-4": {
    kind: "build",
    name: "topologicalSortIterative",
    visible: (id, learner, cases, extras) => checkTopologicalSort(id, "topologicalSortIterative", learner, cases.map(sortGraph), extras),
    hidden: (id, learner, rng, extras) =>
      checkTopologicalSort(
        id,
        "topologicalSortIterative",
        learner,
        [diamondGraph(), randomGraph(rng, rng.int(8, 20)), randomGraph(rng, rng.int(30, 80)), chainGraph(rng.int(40_000, 80_000))],
        extras,
      ),
  },
  "ex14-1": {
    kind: "value",
    name: "relErr",
    reference: (a: number[], b: number[]) =>
      Math.max(
        0,
        ...a.map((ai, i) => {
          const bi = at(b, i, "b");
          return Math.abs(ai - bi) / Math.max(Math.abs(ai), Math.abs(bi), 1e-8); // CS231n's scale
        }),
      ),
    draw: (r) =>
      Array.from({ length: 5 }, (_, k) => {
        const a = r.normals(r.int(1, 6), 0, 10 ** r.int(-9, 2));
        return [a, a.map((v) => (k === 0 ? 0 : v * (1 + r.normal() * 10 ** -r.int(1, 8))))];
      }),
    tolerance: { rtol: 1e-9, atol: 1e-15 },
  },
  "ex14-2": {
    kind: "value",
    name: "updateToWeightRatio",
    reference: (before: ArrayLike<number>, after: ArrayLike<number>) => {
      let change = 0;
      let size = 0;
      for (let i = 0; i < before.length; i++) {
        const b = at(before, i, "before");
        change += (at(after, i, "after") - b) ** 2;
        size += b ** 2;
      }
      return Math.sqrt(change) / Math.sqrt(size);
    },
    draw: (r) =>
      Array.from({ length: 4 }, () => {
        const before = Float64Array.from(r.normals(r.int(2, 12)));
        return [before, before.map((v) => v - r.normal(0, 10 ** r.int(-4, -1)))];
      }),
    tolerance: { rtol: 1e-9, atol: 1e-15 },
  },
  "ex15-1": {
    kind: "value",
    name: "lossGradient",
    reference: (z: number[], t: number[]) => z.map((zi, i) => (sigmoid(zi) - at(t, i, "t")) / z.length),
    draw: (r) =>
      Array.from({ length: 3 }, () => {
        const n = r.int(1, 8);
        return [r.normals(n, 0, 3).map((v) => Math.round(v * 1000) / 1000), Array.from({ length: n }, () => r.int(0, 1))];
      }),
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex15-2": {
    kind: "value",
    name: "gradientDescentStep",
    reference: (params: Array<{ value: Float64Array; grad: Float64Array }>, lr: number) =>
      params.map((p) => Array.from(p.value, (v, i) => v - lr * at(p.grad, i, "grad"))),
    observe: (args) => arrayArg(args, 0, "gradientDescentStep").map((p: unknown) => (isParameter(p) ? Array.from(p.value) : p)),
    draw: (r) =>
      Array.from({ length: 2 }, () => [
        Array.from({ length: r.int(1, 4) }, () => {
          const n = r.int(1, 6);
          return { value: Float64Array.from(r.normals(n)), grad: Float64Array.from(r.normals(n)) };
        }),
        drawNumber(r, 0.001, 1),
      ]),
    show: (args) => `gradientDescentStep(${arrayArg(args, 0, "gradientDescentStep").length} parameters, ${showArg(args[1])})`,
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
  "ex15-3": {
    kind: "build",
    name: "trainLoop",
    visible: (id, learner, cases) => checkTrainingLoop(id, "trainLoop", learner, cases as TrainingCase[]),
    hidden: (id, learner, rng) =>
      checkTrainingLoop(
        id,
        "trainLoop",
        learner,
        Array.from({ length: 3 }, (): TrainingCase => [randomTrainingProblem(rng), drawNumber(rng, 0.01, 0.2), rng.int(3, 25)]),
        "trainLoop (hidden problems)",
      ),
  },
  "ex90-1": {
    kind: "derivative",
    name: "productDerivative",
    f: (x) => x * Math.sin(x),
    fTf: (x) => x.mul(x.sin()),
    draw: (r) => drawPoints(r, 5, -4, 4),
  },
  "ex90-2": {
    kind: "value",
    name: "secantSlope",
    reference: (f: (x: number) => number, a: number, b: number) => (f(b) - f(a)) / (b - a),
    draw: (r) =>
      Array.from({ length: 4 }, () => {
        const a = drawNumber(r, -2, 2);
        return [[Math.exp, Math.sin, Math.cos][r.int(0, 2)], a, a + (r.int(0, 1) === 0 ? -1 : 1) * drawNumber(r, 0.2, 2)];
      }),
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  },
};

function exercise(id: string): Exercise {
  const found = EXERCISES[id];
  if (!found) throw new RangeError(`no exercise ${JSON.stringify(id)}; ids look like "ex06-1" (${Object.keys(EXERCISES).length} known)`);
  return found;
}

/** The exercise ids this module knows (for tests). */
export const exerciseIds = (): string[] => Object.keys(EXERCISES);

/** Deep copy of inputs, so that a learner's function that mutates them cannot change the reference's inputs. */
function copyArgs(args: unknown[]): unknown[] {
  return args.map((a) => {
    if (ArrayBuffer.isView(a)) return structuredClone(a);
    if (Array.isArray(a))
      return a.map((v: unknown) =>
        ArrayBuffer.isView(v)
          ? structuredClone(v)
          : Array.isArray(v)
            ? [...v]
            : isParameter(v)
              ? { value: v.value.slice(), grad: v.grad.slice() }
              : v,
      );
    if (a && typeof a === "object" && "rows" in a && "data" in a) return a; // the learner gets the notebook's Matrix, never mutated by our reference
    return a;
  });
}

/**
 * The visible test of a value exercise: the learner's function on the listed cases, compared with
 * lib's reference (or property) without showing the expected values.
 * @example checkExercise("ex06-2", iterationsNeeded, [[0.1, 0, 1e-3]])
 */
export function checkExercise(id: string, learner: unknown, cases: unknown[][], options: { label?: string } & HiddenExtras = {}): void {
  if (typeof id !== "string" || id === "")
    throw new TypeError(`checkExercise: id must be an exercise id such as "ex06-1"; got ${show(id)}`);
  checkFields("checkExercise", options, { label: "text?" });
  if (Array.isArray(cases) && !cases.every((c: unknown) => Array.isArray(c)))
    throw new TypeError(`checkExercise: cases must be a list of argument lists, such as [[0.1, 0, 1e-3]]; got ${show(cases)}`);
  const ex = exercise(id);
  if (!Array.isArray(cases) || cases.length === 0) {
    throw new RangeError(
      `checkExercise("${id}", fn, cases): cases must list at least one argument list, e.g. [[0.1, 0, 1e-3]]; got ${Array.isArray(cases) ? "[]" : typeof cases}`,
    );
  }
  if (ex.kind === "derivative") {
    checkDerivative(ex.name, learner as (x: number) => number, {
      f: ex.f,
      fTf: ex.fTf,
      at: cases.map((c) => c[0] as number),
      exercise: id,
      tolerance: ex.tolerance ?? TF_TOLERANCE,
    });
    return;
  }
  if (ex.kind === "gradient") {
    checkGradient(ex.name, learner as (...args: number[]) => unknown, { f: ex.f, fTf: ex.fTf, at: cases as number[][], exercise: id });
    return;
  }
  if (ex.kind === "build") {
    ex.visible(id, learner, cases, options);
    return;
  }
  beginCheck(ex.name);
  if (!isCallable(learner)) throw new ExerciseError(`${ex.name} should be a function; got ${typeof learner}`);
  for (const args of cases) {
    const label = ex.show ? ex.show(args) : `${ex.name}(${args.map(showArg).join(", ")})`;
    const refArgs = copyArgs(args);
    const wrapped = ex.wrap ? ex.wrap(args) : { args, after: () => "" };
    const result = callLearner(ex.name, () => learner(...wrapped.args));
    const calls = wrapped.after();
    if (calls) throw new ExerciseError(`${label} ${calls}.${hintLine({ exercise: id })}`);
    if (ex.verify) {
      const problem = ex.verify(args, result);
      if (problem) throw new ExerciseError(`${label} ${problem}.${hintLine({ exercise: id })}`);
      continue;
    }
    const got = ex.observe ? ex.observe(args, result) : result;
    const want = (ex.reference as (...a: unknown[]) => unknown)(...refArgs);
    const problem = describeMismatches(label, got, want, ex.tolerance);
    if (problem) throw new ExerciseError(`${problem}${hintLine({ exercise: id })}`);
  }
  console.log(`✓ ${options.label ?? ex.name} is right on ${cases.length === 1 ? "this case" : `all ${cases.length} cases`}`);
}

/**
 * The hidden test: the learner's function on inputs drawn with gradingRng(id) (seeded by
 * GRADLAB_GRADING_SEED at grading time; the seed is printed).
 * @example checkHidden("ex06-2", iterationsNeeded)
 */
export function checkHidden(id: string, learner: unknown, extras: HiddenExtras = {}): void {
  if (typeof id !== "string" || id === "") throw new TypeError(`checkHidden: id must be an exercise id such as "ex06-1"; got ${show(id)}`);
  checkOptions("checkHidden: extras", extras);
  const ex = exercise(id);
  const rng = gradingRng(id);
  if (ex.kind === "derivative") {
    checkDerivative(ex.name, learner as (x: number) => number, {
      f: ex.f,
      fTf: ex.fTf,
      at: ex.draw(rng),
      exercise: id,
      tolerance: ex.tolerance ?? TF_TOLERANCE,
    });
  } else if (ex.kind === "gradient") {
    checkGradient(ex.name, learner as (...args: number[]) => unknown, { f: ex.f, fTf: ex.fTf, at: ex.draw(rng), exercise: id });
  } else if (ex.kind === "build") {
    ex.hidden(id, learner, rng, extras);
  } else {
    checkExercise(id, learner, ex.draw(rng, extras), { label: `${ex.name} (hidden inputs)` });
  }
}
