/**
 * A training run on one page: four panels sharing the step axis.
 *
 * 1. the loss (log scale): falling, flat, oscillating or cut short by divergence;
 * 2. ‖dL/dW‖ per dense layer and the global norm (log scale): vanishing layers sit far below the
 *    others, exploding runs climb;
 * 3. the update-to-weight ratio ‖ΔW‖/‖W‖ per layer (log scale), with the usual 1e-3 marked;
 * 4. the fraction of dead ReLU units, or of saturated sigmoid/tanh outputs, per activation layer.
 *
 * The title lists the warning signs `diagnose` finds.
 *
 * @example show(dashboardFigure(run));
 * Introduced in [notebook 14](../../notebooks/14-practical-tips.ipynb).
 */
import type { Figure } from "../plot/figure";
import { linePlot, type Series } from "../plot/charts";
import { subplots } from "../plot/subplots";
import type { MonitoredRun } from "./run";
import { diagnose, type DiagnoseOptions } from "./diagnose";
import { checkOptions, show } from "../util/validate";
import { at } from "../util/array";

/** Values a log axis cannot show (0, negative, not finite) become gaps. */
const forLog = (values: number[]) => values.map((v) => (Number.isFinite(v) && v > 0 ? v : null));

/** The four-panel dashboard of a monitored run. */
export function dashboardFigure(run: MonitoredRun, options: DiagnoseOptions & { title?: string } = {}): Figure {
  if (typeof run !== "object" || run === null || !Array.isArray(run.steps))
    throw new TypeError(`dashboardFigure: run must be the result of monitoredTrain; got ${show(run)}`);
  checkOptions("dashboardFigure: options", options);
  if (!run || !Array.isArray(run.steps)) throw new TypeError("dashboardFigure: run must be the result of monitoredTrain");
  if (run.steps.length === 0) {
    throw new RangeError(`dashboardFigure: "${run.name}" has no steps to show (it diverged at step ${run.diverged?.step ?? 0})`);
  }
  const x = run.steps.map((s) => s.step);
  const cut = run.diverged ? ` (diverged at step ${run.diverged.step})` : "";
  const loss = linePlot({
    title: `loss${cut}`,
    series: [{ name: "loss", x, y: forLog(run.steps.map((s) => s.loss)) }],
    xTitle: "step",
    yTitle: "loss (log)",
    logY: true,
  });
  const gradients = linePlot({
    title: "gradient norm ‖dL/dW‖ per layer",
    series: [
      ...run.layers.map((name, k) => ({ name, x, y: forLog(run.steps.map((s) => at(s.layerGradNorms, k, "layerGradNorms"))) })),
      { name: "global ‖∇L‖", x, y: forLog(run.steps.map((s) => s.gradNorm)) },
    ],
    xTitle: "step",
    yTitle: "norm (log)",
    logY: true,
  });
  const updates = linePlot({
    title: "update / weight ratio ‖ΔW‖/‖W‖",
    series: [
      ...run.layers.map((name, k) => ({ name, x, y: forLog(run.steps.map((s) => at(s.updateRatios, k, "updateRatios"))) })),
      { name: "1e-3 (typical)", x: [at(x, 0, "steps"), at(x, x.length - 1, "steps")], y: [1e-3, 1e-3] },
    ],
    xTitle: "step",
    yTitle: "ratio (log)",
    logY: true,
  });
  const measured = run.steps.filter((s) => s.activations);
  const unitSeries: Series[] = run.activationLayers.map((name, k) => {
    const first = measured[0]?.activations?.[k];
    const saturating = first !== undefined && Number.isFinite(first.saturatedFraction);
    return {
      name: `${name} ${saturating ? "saturated" : "dead"} (${first?.activation ?? "?"})`,
      x: measured.map((s) => s.step),
      y: measured.map((s) => {
        const a = s.activations?.[k];
        return a ? (saturating ? a.saturatedFraction : a.deadFraction) : null;
      }),
    };
  });
  const units = linePlot({
    title: "dead (ReLU) or saturated (sigmoid, tanh) fraction",
    series: unitSeries.length > 0 ? unitSeries : [{ name: "no activation layers", x: [], y: [] }],
    xTitle: "step",
    yTitle: "fraction of units",
  });
  (units.layout as { yaxis: Record<string, unknown> }).yaxis.range = [-0.02, 1.02];
  const signs = diagnose(run, options).map((w) => w.sign);
  const title = options.title ?? `${run.name}: ${signs.length ? `warning signs: ${signs.join(", ")}` : "no warning signs"}`;
  const figure = subplots({ figures: [loss, gradients, updates, units], columns: 2, title, rowHeight: 300 });
  figure.layout = { ...figure.layout, legend: { orientation: "h", y: -0.15 } };
  return figure;
}
