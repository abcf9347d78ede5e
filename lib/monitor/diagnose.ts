/**
 * Reading a monitored run for the warning signs of a training problem:
 *
 * - **gradients near zero**, either in the early layers only (vanishing gradients: the smallest
 *   layer's ‖dL/dW‖ below 1e-3 of the largest's), or because units stopped passing gradient (over
 *   half of a layer's ReLUs dead, or over half of its sigmoid/tanh outputs saturated);
 * - **gradients exploding to infinity**: the global norm grew a thousandfold over its first value,
 *   or a loss or gradient overflowed;
 * - **oscillating loss**: in some window of 20 steps the loss changed direction (down, then up, then
 *   down ...) on at least 30% of the steps, by more than a rounding error;
 * - **large updates**: a layer's median update-to-weight ratio above 0.1.
 *
 * Each sign is reported once, at the first step it shows, with the usual cause and what to try.
 * The thresholds are rules of thumb, exposed as options.
 *
 * @example
 * for (const w of diagnose(run)) console.log(`${w.sign} (step ${w.step}): ${w.message}`);
 * Introduced in [notebook 14](../../notebooks/14-practical-tips.ipynb).
 */
import { showTable } from "../display/table";
import { fmt } from "../util/format";
import { medianOfSorted } from "../util/array";
import type { MonitoredRun } from "./run";
import { checkOptions, show } from "../util/validate";

import { at } from "../util/array";
export type WarningSign =
  "vanishing gradients" | "dead units" | "saturated units" | "exploding gradients" | "oscillating loss" | "large updates";

export interface TrainingWarning {
  sign: WarningSign;
  /** The first step where it shows. */
  step: number;
  /** What was seen, the likely cause and what to try. */
  message: string;
}

export interface DiagnoseOptions {
  /** Smallest / largest layer gradient norm below this: vanishing. @default 1e-3 */
  vanishingRatio?: number;
  /** Fraction of dead ReLU units in a layer at or above this: dead units. @default 0.5 */
  deadFraction?: number;
  /** Fraction of saturated sigmoid/tanh entries in a layer at or above this. @default 0.5 */
  saturatedFraction?: number;
  /** Global gradient norm this many times its first value: exploding. @default 1000 */
  explodingGrowth?: number;
  /** Window (steps) for oscillation. @default 20 */
  oscillationWindow?: number;
  /** Direction changes of the loss per step, in a window, at or above this: oscillating. @default 0.3 */
  oscillationRate?: number;
  /** Median update-to-weight ratio of a layer above this: large updates. @default 0.1 */
  largeUpdate?: number;
}

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return medianOfSorted(v);
}

const pct = (f: number) => `${Math.round(f * 100)}%`;

/** The warning signs in a monitored run, in the order of the steps where they first appear. */
export function diagnose(run: MonitoredRun, options: DiagnoseOptions = {}): TrainingWarning[] {
  if (typeof run !== "object" || run === null || !Array.isArray(run.steps))
    throw new TypeError(`diagnose: run must be the result of monitoredTrain; got ${show(run)}`);
  checkOptions("diagnose: options", options);
  const vanishingRatio = options.vanishingRatio ?? 1e-3;
  const deadLimit = options.deadFraction ?? 0.5;
  const saturatedLimit = options.saturatedFraction ?? 0.5;
  const growth = options.explodingGrowth ?? 1000;
  const window = options.oscillationWindow ?? 20;
  const rate = options.oscillationRate ?? 0.3;
  const largeUpdate = options.largeUpdate ?? 0.1;
  if (!Number.isInteger(window) || window < 3) throw new RangeError(`diagnose: oscillationWindow must be an integer >= 3; got ${window}`);
  if (!run || !Array.isArray(run.steps)) throw new TypeError("diagnose: run must be the result of monitoredTrain");
  for (const [name, value] of Object.entries({
    vanishingRatio,
    deadFraction: deadLimit,
    saturatedFraction: saturatedLimit,
    oscillationRate: rate,
  })) {
    if (!(value > 0 && value <= 1)) throw new RangeError(`diagnose: ${name} must be a number in (0, 1]; got ${value}`);
  }
  if (!(growth > 1)) throw new RangeError(`diagnose: explodingGrowth must be a number > 1; got ${growth}`);
  if (!(largeUpdate > 0)) throw new RangeError(`diagnose: largeUpdate must be a number > 0; got ${largeUpdate}`);
  const warnings: TrainingWarning[] = [];
  const steps = run.steps;

  // gradients exploding to infinity
  const first = steps[0]?.gradNorm;
  const grown = first !== undefined && first > 0 ? steps.find((s) => s.gradNorm > growth * first) : undefined;
  const firstSign = grown ?? run.diverged; // the step where the gradients blew up, or the run diverged
  if (firstSign) {
    const peak = Math.max(...steps.map((s) => s.gradNorm));
    const what =
      grown && first !== undefined
        ? `the global gradient norm grew from ${fmt(first, 3)} to ${fmt(grown.gradNorm, 3)} by step ${grown.step}` +
          (run.diverged ? `, and at step ${run.diverged.step} ${run.diverged.message}` : ` (largest: ${fmt(peak, 3)})`)
        : `at step ${run.diverged?.step} ${run.diverged?.message}`;
    warnings.push({
      sign: "exploding gradients",
      step: firstSign.step,
      message: `gradients exploding to infinity: ${what}. Likely a learning rate too high (${fmt(run.learningRate)} now), or clip the gradients.`,
    });
  }

  // gradients near zero (1): the early layers get a vanishing share
  // (only before an explosion: once the norms overflow, their ratios say nothing about vanishing)
  const explodedAt = grown ? grown.step : run.diverged ? run.diverged.step : Infinity;
  for (const s of steps) {
    const norms = s.layerGradNorms;
    if (norms.length < 2 || s.step >= explodedAt) break;
    const largest = Math.max(...norms);
    const smallest = Math.min(...norms);
    // (a layer at exactly 0 has dead units, reported below)
    if (largest > 0 && smallest > 0 && smallest / largest < vanishingRatio) {
      const k = norms.indexOf(smallest);
      const top = norms.indexOf(largest);
      warnings.push({
        sign: "vanishing gradients",
        step: s.step,
        message:
          `gradients near zero: ${run.layers[k]}'s ‖dL/dW‖ is ${fmt(smallest, 2)}, ${fmt(smallest / largest, 2)} of ${run.layers[top]}'s. ` +
          "Vanishing gradients: the early layers barely learn. Try ReLU, He initialisation, batch normalisation or residual connections.",
      });
      break;
    }
  }

  // gradients near zero (2): units that pass no gradient
  const firstWith = (test: (fraction: number) => boolean, key: "deadFraction" | "saturatedFraction") => {
    for (const s of steps) {
      for (const a of s.activations ?? []) if (test(a[key])) return { step: s.step, stats: a };
    }
    return undefined;
  };
  const dead = firstWith((f) => f >= deadLimit, "deadFraction");
  if (dead) {
    warnings.push({
      sign: "dead units",
      step: dead.step,
      message:
        `gradients near zero: ${pct(dead.stats.deadFraction)} of ${dead.stats.layer}'s ${dead.stats.activation} units are dead (zero for every sample). ` +
        "Dead neurons pass no gradient and stop learning. Usual causes: a learning rate too high, or a bad initialisation; try a smaller rate, He initialisation or leaky ReLU.",
    });
  }
  const saturated = firstWith((f) => f >= saturatedLimit, "saturatedFraction");
  if (saturated) {
    warnings.push({
      sign: "saturated units",
      step: saturated.step,
      message:
        `gradients near zero: ${pct(saturated.stats.saturatedFraction)} of ${saturated.stats.layer}'s ${saturated.stats.activation} outputs are saturated (slope under 5% of its steepest). ` +
        "Saturated units pass almost no gradient. Try smaller initial weights, scaled inputs, batch normalisation or ReLU.",
    });
  }

  // oscillating loss: the loss keeps changing direction (a climb to infinity rises every step but never turns)
  for (let end = window; end <= steps.length; end++) {
    const part = steps.slice(end - window, end).map((s) => s.loss);
    const scale = Math.max(...part.map(Math.abs));
    const moves = part.slice(1).map((v, t) => v - at(part, t, "part"));
    let reversals = 0;
    let lastSign = 0;
    for (const d of moves) {
      if (Math.abs(d) <= 1e-6 * scale) continue; // rounding noise, not a move
      const sign = Math.sign(d);
      if (lastSign !== 0 && sign !== lastSign) reversals++;
      lastSign = sign;
    }
    if (reversals / (window - 1) >= rate) {
      const rises = moves.filter((d) => d > 1e-6 * scale);
      warnings.push({
        sign: "oscillating loss",
        step: end - window,
        message:
          `oscillating loss: between steps ${end - window} and ${end - 1} the loss changed direction ${reversals} times in ${window - 1} steps ` +
          `(rising by ${fmt(rises.reduce((a, b) => a + b, 0) / Math.max(rises.length, 1), 2)} on average when it rose). ` +
          `The steps overshoot the minimum: the learning rate (${fmt(run.learningRate)}) is likely too large.`,
      });
      break;
    }
  }

  // large updates
  for (let k = 0; k < run.layers.length; k++) {
    const m = median(steps.map((s) => at(s.updateRatios, k, "updateRatios")));
    if (m > largeUpdate) {
      const firstLarge = steps.find((s) => at(s.updateRatios, k, "updateRatios") > largeUpdate);
      warnings.push({
        sign: "large updates",
        step: firstLarge?.step ?? 0,
        message:
          `large updates: each step moves ${run.layers[k]}'s weights by ${m < 10 ? `${fmt(100 * m, 2)}% of` : `${fmt(m, 2)} times`} their size ` +
          "(median ‖ΔW‖/‖W‖; around 0.1% is typical). " +
          "The learning rate is likely too large.",
      });
      break;
    }
  }
  return warnings.sort((a, b) => a.step - b.step);
}

/**
 * A table of the warning signs of a run, or one line saying there are none.
 * @example showDiagnosis(run)
 */
export function showDiagnosis(run: MonitoredRun, options: DiagnoseOptions = {}): TrainingWarning[] {
  if (typeof run !== "object" || run === null || !Array.isArray(run.steps))
    throw new TypeError(`showDiagnosis: run must be the result of monitoredTrain; got ${show(run)}`);
  checkOptions("showDiagnosis: options", options);
  const warnings = diagnose(run, options);
  if (warnings.length === 0) {
    console.log(`"${run.name}": no warning signs (${run.steps.length} steps, final loss ${fmt(run.finalLoss ?? NaN, 4)})`);
    return warnings;
  }
  showTable({
    caption: `Warning signs in "${run.name}"`,
    columns: ["sign", "from step", "what the monitor saw"],
    rows: warnings.map((w) => [w.sign, w.step, w.message]),
  });
  return warnings;
}
