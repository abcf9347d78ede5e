/**
 * Witnesses for a network's gradients: the hand-written backward pass, tfjs autograd through the
 * layers' tfjs twins (reference.ts), central differences of the loss, one parameter entry at a
 * time, and the tensor engine's reverse mode (lib/tape) on the same layers. `crossCheckModel` and
 * `crossCheckLayer` show a table and throw a GradientCheckError on any disagreement;
 * `checkMatrices` is the exercise check.
 *
 * Tolerances. tfjs runs in float32, whose rounding error is relative to the size of the numbers
 * involved, so an entry passes against tfjs when |hand - tfjs| <= rtol·(max(|hand|, |tfjs|) + scale),
 * with `scale` the largest |gradient| of that parameter: tiny gradients (vanishing ones, say) are
 * still compared relative to their own parameter, not waved through by an absolute 1e-5.
 * Central differences are float64 with an absolute round-off floor (about 1e-11 · |L| / h), so
 * they use `FD_TOLERANCE` (rtol 1e-6, atol 1e-7) as is. The tensor engine is float64 too and does the
 * same arithmetic in another order, so it must agree to `TAPE_TOLERANCE` (rtol 1e-9, relative to the
 * parameter's scale as for tfjs); it is left out (shown as "-") for a layer or activation it does
 * not have, or when its forward pass does not give the same loss (a look-alike activation).
 *
 * @example
 * crossCheckModel({ name: "XOR network", model, loss: mse, X, y }); // table; throws if any entry disagrees
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { inspect } from "node:util";
import { showTable, type Cell } from "../display/table";
import { zeroGrads, type Param } from "../util/params";
import { tfInfo } from "../tf";
import { callLearner, ExerciseError } from "../check/exercise";
import { GradientCheckError } from "../check/gradcheck";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, relativeDifference, type Tolerance } from "../check/tolerance";
import { fmt } from "../util/format";
import { Matrix, checkMatrix, shapeText } from "../util/matrix";
import { checkLayer, checkModelLossData, type ForwardOptions, type Layer } from "./layer";
import type { Loss } from "./losses";
import { backprop } from "./mlp";
import { tfLayerVjp, tfLossAndGradients } from "./reference";
import { tapeLayerVjp, tapeLossAndGradients, unsupportedReason } from "./tape-form";
import { checkBoolean, checkObject, checkOptions, checkString, isCallable } from "../util/validate";

import { at } from "../util/array";
/** How closely the tensor engine (float64, another order of operations) must match the hand-written backward pass. */
export const TAPE_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-9, atol: 0 });

/** One named block of numbers compared by the three witnesses (a parameter, or dL/dx). */
export interface GradientBlock {
  name: string;
  shape: readonly number[];
  handWritten: Float64Array;
  tfjs: Float64Array;
  /** NaN where the central difference was not computed (see fdMaxEntries). */
  centralDifference: Float64Array;
  /** The tensor engine's gradient; NaN everywhere when it could not run this model. */
  tape: Float64Array;
}

export interface GradientCheckEntry {
  /** e.g. "layer1.W[0, 2]". */
  label: string;
  block: string;
  handWritten: number;
  tfjs: number;
  /** NaN when skipped. */
  centralDifference: number;
  /** The tensor engine's value; NaN when skipped. */
  tape: number;
  relErrTfjs: number;
  relErrFd: number;
  relErrTape: number;
  pass: boolean;
}

export interface GradientCheckReport {
  name: string;
  backend: string;
  blocks: GradientBlock[];
  entries: GradientCheckEntry[];
  passed: boolean;
  /** Why the tape engine was not a witness (it cannot run this model); absent when it was. */
  tapeSkipped?: string;
}

export interface CheckDisplayOptions {
  tfTolerance?: Tolerance;
  fdTolerance?: Tolerance;
  /** Central-difference step (default 1e-5). */
  h?: number;
  /** At most this many entries per parameter get a central difference (evenly spaced; default all). */
  fdMaxEntries?: number;
  /** "entries": one row per number; "params": one summary row per parameter. Default: entries if at most 40 numbers. */
  detail?: "entries" | "params";
  display?: boolean;
}

export interface ModelCheckOptions extends CheckDisplayOptions {
  name: string;
  model: Layer;
  loss: Loss;
  X: Matrix;
  y: Matrix;
  /** Forward mode for all three witnesses (default training; batch statistics are never updated). */
  training?: boolean;
}

export interface LayerCheckOptions extends CheckDisplayOptions {
  name: string;
  layer: Layer;
  x: Matrix;
  /** The upstream gradient dL/dY fed to backward. */
  dY: Matrix;
  training?: boolean;
}

function entryLabel(name: string, shape: readonly number[], k: number): string {
  if (shape.length === 2) return `${name}[${Math.floor(k / at(shape, 1, "shape"))}, ${k % at(shape, 1, "shape")}]`;
  return `${name}[${k}]`;
}

/**
 * The tensor engine as a witness: its result, or the reason it cannot run `layer` (a layer kind,
 * activation or loss without a tape form), which the report prints. It is never dropped because it
 * disagrees: a disagreement is what a witness is for.
 */
function tapeWitness<T>(layer: Layer, loss: Loss | undefined, run: () => T): { result?: T; skipped?: string } {
  const reason = unsupportedReason(layer, loss);
  return reason === "" ? { result: run() } : { skipped: reason };
}

/** Evenly spaced indices 0 .. size-1, at most `max` of them. */
function sampleIndices(size: number, max: number | undefined): number[] {
  if (max === undefined || max >= size) return Array.from({ length: size }, (_, k) => k);
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`fdMaxEntries must be a positive integer; got ${max}`);
  const step = size / max;
  return Array.from({ length: max }, (_, k) => Math.floor(k * step));
}

/** Central difference of `g` with respect to each sampled entry of `values` (restored afterwards). */
function centralDifferences(g: () => number, values: Float64Array, indices: number[], h: number): Float64Array {
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`h must be a positive finite number; got ${h}`);
  const out = new Float64Array(values.length).fill(NaN);
  for (const k of indices) {
    const v = at(values, k, "values");
    values[k] = v + h;
    const plus = g();
    values[k] = v - h;
    const minus = g();
    values[k] = v;
    out[k] = (plus - minus) / (2 * h);
  }
  return out;
}

function maxAbs(values: Float64Array): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

function compareBlocks(
  name: string,
  blocks: GradientBlock[],
  tfTol: Tolerance,
  fdTol: Tolerance,
  tapeSkipped?: string,
): GradientCheckReport {
  const entries: GradientCheckEntry[] = [];
  for (const block of blocks) {
    const scale = Math.max(maxAbs(block.handWritten), maxAbs(block.tfjs));
    for (let k = 0; k < block.handWritten.length; k++) {
      const h = at(block.handWritten, k, "block.handWritten");
      const t = at(block.tfjs, k, "block.tfjs");
      const d = at(block.centralDifference, k, "block.centralDifference");
      const e = at(block.tape, k, "block.tape");
      const okTf =
        Number.isFinite(h) && Number.isFinite(t) && Math.abs(h - t) <= tfTol.rtol * (Math.max(Math.abs(h), Math.abs(t)) + scale) + 1e-30;
      const okFd = Number.isNaN(d) || isClose(h, d, fdTol);
      const okTape =
        Number.isNaN(e) || Math.abs(h - e) <= TAPE_TOLERANCE.rtol * (Math.max(Math.abs(h), Math.abs(e)) + scale) + TAPE_TOLERANCE.atol;
      entries.push({
        label: entryLabel(block.name, block.shape, k),
        block: block.name,
        handWritten: h,
        tfjs: t,
        centralDifference: d,
        tape: e,
        relErrTfjs: relativeDifference(h, t),
        relErrFd: Number.isNaN(d) ? NaN : relativeDifference(h, d),
        relErrTape: Number.isNaN(e) ? NaN : relativeDifference(h, e),
        pass: okTf && okFd && okTape,
      });
    }
  }
  const report: GradientCheckReport = { name, backend: tfInfo().backend, blocks, entries, passed: entries.every((e) => e.pass) };
  if (tapeSkipped !== undefined) report.tapeSkipped = tapeSkipped;
  // A notebook cell that ends with crossCheckModel(...) prints its value: one line, not every array.
  Object.defineProperty(report, inspect.custom, {
    value: () =>
      `[gradient check "${name}": ${entries.length} entries, ${report.passed ? "all pass" : `${entries.filter((e) => !e.pass).length} disagree`}]`,
  });
  return report;
}

function caption(report: GradientCheckReport, tfTol: Tolerance, fdTol: Tolerance): string {
  return (
    `Gradient check: ${report.name} (hand-written backward vs tfjs autograd on ${report.backend}: rtol ${fmt(tfTol.rtol)} relative to each parameter's scale; ` +
    `vs central difference: rtol ${fmt(fdTol.rtol)}, atol ${fmt(fdTol.atol)}` +
    (report.tapeSkipped === undefined
      ? `; vs the tape engine: rtol ${fmt(TAPE_TOLERANCE.rtol)} relative to each parameter's scale)`
      : `; the tape engine is not a witness here: ${report.tapeSkipped})`)
  );
}

function showReport(report: GradientCheckReport, options: CheckDisplayOptions, tfTol: Tolerance, fdTol: Tolerance): void {
  const detail = options.detail ?? (report.entries.length <= 40 ? "entries" : "params");
  const opt = (v: number) => (Number.isNaN(v) ? "-" : fmt(v, 2));
  if (detail === "entries") {
    const rows: Cell[][] = report.entries.map((e) => [
      e.label,
      fmt(e.handWritten, 10),
      fmt(e.tfjs, 8),
      Number.isNaN(e.centralDifference) ? "-" : fmt(e.centralDifference, 10),
      fmt(e.relErrTfjs, 2),
      opt(e.relErrFd),
      opt(e.relErrTape),
      e.pass,
    ]);
    const columns = [
      "entry",
      "hand-written",
      `tfjs (${report.backend})`,
      "central diff.",
      "rel. err tfjs",
      "rel. err c.d.",
      "rel. err tape",
      "result",
    ];
    showTable({ caption: caption(report, tfTol, fdTol), columns, rows });
    return;
  }
  const rows: Cell[][] = report.blocks.map((b) => {
    const mine = report.entries.filter((e) => e.block === b.name);
    const scale = Math.max(maxAbs(b.handWritten), 1e-300);
    const errTf = Math.max(...mine.map((e) => Math.abs(e.handWritten - e.tfjs))) / scale;
    const fdEntries = mine.filter((e) => !Number.isNaN(e.centralDifference));
    const errFd = fdEntries.length ? Math.max(...fdEntries.map((e) => Math.abs(e.handWritten - e.centralDifference))) / scale : NaN;
    const errTape = Number.isNaN(mine[0]?.tape ?? NaN) ? NaN : Math.max(...mine.map((e) => Math.abs(e.handWritten - e.tape))) / scale;
    return [
      b.name,
      `[${b.shape.join(", ")}]`,
      fmt(maxAbs(b.handWritten), 4),
      fmt(errTf, 2),
      opt(errFd),
      opt(errTape),
      `${fdEntries.length}/${mine.length}`,
      mine.every((e) => e.pass),
    ];
  });
  const columns = [
    "gradient",
    "shape",
    "max |hand-written|",
    "max |hand − tfjs| / max",
    "max |hand − c.d.| / max",
    "max |hand − tape| / max",
    "c.d. entries",
    "result",
  ];
  showTable({ caption: caption(report, tfTol, fdTol), columns, rows });
}

function finish(report: GradientCheckReport, options: CheckDisplayOptions): GradientCheckReport {
  const tfTol = options.tfTolerance ?? TF_TOLERANCE;
  const fdTol = options.fdTolerance ?? FD_TOLERANCE;
  if (options.display !== false) showReport(report, options, tfTol, fdTol);
  if (!report.passed) {
    const bad = report.entries.filter((e) => !e.pass);
    const lines = bad
      .slice(0, 5)
      .map(
        (e) =>
          `  ${e.label}: hand-written ${fmt(e.handWritten, 10)}, tfjs ${fmt(e.tfjs, 8)}, central difference ${Number.isNaN(e.centralDifference) ? "-" : fmt(e.centralDifference, 10)}` +
          (Number.isNaN(e.tape) ? "" : `, tape ${fmt(e.tape, 10)}`),
      );
    const more = bad.length > 5 ? `\n  ... and ${bad.length - 5} more` : "";
    throw new GradientCheckError<GradientCheckReport>(
      `${report.name}: ${bad.length} of ${report.entries.length} gradient entries disagree\n${lines.join("\n")}${more}`,
      report,
    );
  }
  return report;
}

/**
 * Checks dL/dθ of every parameter of `model` on (X, y): hand-written `backprop` against tfjs
 * autograd, central differences and the tape engine. Leaves the hand-written gradients in the Params.
 * @example crossCheckModel({ name: "XOR network", model, loss: mse, X, y })
 */
export function crossCheckModel(options: ModelCheckOptions): GradientCheckReport {
  checkObject("crossCheckModel: options", options, '{ name: "mlp", model, loss: mse, X, y }');
  checkString("crossCheckModel: name", options.name);
  checkModelLossData("crossCheckModel", options.model, options.loss, options.X, options.y);
  if (options.training !== undefined) checkBoolean("crossCheckModel: training", options.training);
  const { model, loss, X, y } = options;
  const mode: ForwardOptions = { training: options.training ?? true, updateStats: false };
  const h = options.h ?? 1e-5;
  const params = model.params();
  if (params.length === 0) throw new RangeError(`${options.name}: the model has no parameters to check`);
  backprop(model, loss, X, y, mode);
  const hand = params.map((p) => Float64Array.from(p.grad));
  const viaTf = tfLossAndGradients(model, loss, X, y, mode).grads;
  const { result: viaTape, skipped: tapeSkipped } = tapeWitness(model, loss, () => tapeLossAndGradients(model, loss, X, y, mode));
  const lossAt = () => loss.value(model.forward(X, mode), y);
  const blocks: GradientBlock[] = params.map((p, i) => ({
    name: p.name,
    shape: p.shape,
    handWritten: at(hand, i, "hand-written gradients"),
    tfjs: gradientOf(viaTf, p),
    centralDifference: centralDifferences(lossAt, p.value, sampleIndices(p.value.length, options.fdMaxEntries), h),
    tape: viaTape?.grads.get(p) ?? new Float64Array(p.value.length).fill(NaN),
  }));
  // The probes overwrote the forward caches; one more pass restores them and the gradients.
  backprop(model, loss, X, y, mode);
  const tfTol = options.tfTolerance ?? TF_TOLERANCE;
  const fdTol = options.fdTolerance ?? FD_TOLERANCE;
  return finish(compareBlocks(options.name, blocks, tfTol, fdTol, tapeSkipped), options);
}

/**
 * Checks one layer's backward pass for an upstream gradient dY: dL/dx and dL/dθ from
 * `layer.backward(dY)` against tfjs autograd of Σ dY ⊙ layer(x), central differences of the
 * same sum, and the tape engine's reverse mode. Leaves the layer's parameter gradients equal to this one backward pass.
 * @example crossCheckLayer({ name: "batch norm", layer: new BatchNorm({ features: 3, name: "bn" }), x, dY })
 */
export function crossCheckLayer(options: LayerCheckOptions): GradientCheckReport {
  checkObject("crossCheckLayer: options", options, '{ name: "dense", layer, x, dY }');
  checkString("crossCheckLayer: name", options.name);
  checkLayer("crossCheckLayer: layer", options.layer);
  checkMatrix("crossCheckLayer: x", options.x);
  checkMatrix("crossCheckLayer: dY", options.dY);
  if (options.training !== undefined) checkBoolean("crossCheckLayer: training", options.training);
  const { layer, dY } = options;
  const x = options.x.clone();
  const mode: ForwardOptions = { training: options.training ?? true, updateStats: false };
  const h = options.h ?? 1e-5;
  const params = layer.params();
  zeroGrads(params);
  const out = layer.forward(x, mode);
  if (out.rows !== dY.rows || out.cols !== dY.cols) {
    throw new RangeError(`${options.name}: the layer's output has shape ${shapeText(out)} but dY has shape ${shapeText(dY)}`);
  }
  const dX = layer.backward(dY);
  const handParams = params.map((p) => Float64Array.from(p.grad));
  const viaTf = tfLayerVjp(layer, x, dY, mode);
  const g = () => layer.forward(x, mode).mul(dY).sum();
  const { result: viaTape, skipped: tapeSkipped } = tapeWitness(layer, undefined, () => tapeLayerVjp(layer, x, dY, mode));
  const blocks: GradientBlock[] = [
    {
      name: "dL/dx",
      shape: [x.rows, x.cols],
      handWritten: Float64Array.from(dX.data),
      tfjs: Float64Array.from(viaTf.dX.data),
      centralDifference: centralDifferences(g, x.data, sampleIndices(x.size, options.fdMaxEntries), h),
      tape: viaTape ? Float64Array.from(viaTape.dX.data) : new Float64Array(x.size).fill(NaN),
    },
    ...params.map((p, i) => ({
      name: p.name,
      shape: p.shape,
      handWritten: at(handParams, i, "hand-written gradients"),
      tfjs: gradientOf(viaTf.grads, p),
      centralDifference: centralDifferences(g, p.value, sampleIndices(p.value.length, options.fdMaxEntries), h),
      tape: viaTape?.grads.get(p) ?? new Float64Array(p.value.length).fill(NaN),
    })),
  ];
  layer.forward(x, mode);
  const tfTol = options.tfTolerance ?? TF_TOLERANCE;
  const fdTol = options.fdTolerance ?? FD_TOLERANCE;
  return finish(compareBlocks(options.name, blocks, tfTol, fdTol, tapeSkipped), options);
}

/**
 * Exercise check: each named matrix the learner computed against the expected one (from tfjs
 * autograd, say), entry by entry. Says which matrix, which entry and what was expected. Pass the
 * learner's call as a function (`() => denseBackward(x, W, dY)`) so that an exercise not yet
 * written ("not implemented") gets a friendly message instead of a stack trace.
 * @example checkMatrices("denseBackward", () => denseBackward(x, W, dY), tfVjp(...), { hint: "dW = Xᵀ·dY" })
 */
export function checkMatrices(
  name: string,
  actual: unknown,
  expected: Record<string, Matrix>,
  options: { tolerance?: Tolerance; hint?: string } = {},
): void {
  checkString("checkMatrices: name", name);
  checkObject("checkMatrices: expected", expected, "{ W: Matrix }");
  if (Object.keys(expected).length === 0)
    throw new RangeError("checkMatrices: expected must name at least one matrix, such as { W: Matrix }");
  Object.entries(expected).forEach(([key, m]) => checkMatrix(`checkMatrices: expected.${key}`, m));
  checkOptions("checkMatrices: options", options);
  const tol = options.tolerance ?? TF_TOLERANCE;
  const hint = options.hint ? `\nHint: ${options.hint}` : "";
  const keys = Object.keys(expected);
  if (isCallable(actual)) {
    const learner = actual;
    actual = callLearner(name, () => learner());
  }
  if (!actual || typeof actual !== "object") {
    throw new ExerciseError(
      `${name} should return an object with ${keys.join(", ")}; got ${actual === null ? "null" : typeof actual}.${hint}`,
    );
  }
  const got = actual;
  for (const [key, want] of Object.entries(expected)) {
    const m: unknown = Reflect.get(got, key);
    if (!(m instanceof Matrix)) {
      throw new ExerciseError(
        `${name}: ${key} should be a Matrix of shape ${shapeText(want)}; got ${m === undefined ? "nothing" : typeof m}.${hint}`,
      );
    }
    if (m.rows !== want.rows || m.cols !== want.cols) {
      throw new ExerciseError(`${name}: ${key} has shape ${shapeText(m)}; expected ${shapeText(want)}.${hint}`);
    }
    const bad = Array.from(m.data).findIndex((v, k) => !isClose(v, at(want.data, k, "want.data"), tol));
    if (bad >= 0) {
      const i = Math.floor(bad / want.cols);
      const j = bad % want.cols;
      throw new ExerciseError(
        `${name}: ${key}[${i}, ${j}] is ${fmt(at(m.data, bad, "m.data"), 10)}; expected ${fmt(at(want.data, bad, "want.data"), 8)} ` +
          `(tolerance rtol ${fmt(tol.rtol)}, atol ${fmt(tol.atol)}).${hint}`,
      );
    }
  }
  console.log(
    `✓ ${name}: ${keys.join(", ")} match (${Object.entries(expected)
      .map(([k, m]) => `${k} ${shapeText(m)}`)
      .join(", ")})`,
  );
}

/** The tfjs gradient of `p`: the reference computes one for every parameter of the model. */
function gradientOf(grads: ReadonlyMap<Param, Float64Array>, p: Param): Float64Array {
  const g = grads.get(p);
  if (!g) throw new Error(`the tfjs reference gave no gradient for parameter "${p.name}"`);
  return g;
}
