// A slider stands only on its grid min + k·step in a front end (ipywidgets' noUiSlider): a value
// between two grid points would be moved as the slider is drawn, and the move would come back to
// the kernel as a learner's change (an interact running again, with a value nobody asked for; seen
// in 15-capstone's learning-rate slider, 0.02 on the grid -3 + 0.1·k of exponents). So every
// slider's grid passes through its value, whatever value a learner sets in a parameters cell.
import assert from "node:assert/strict";
import * as widgets from "../../lib/api/widgets";
import { gridMin } from "../../lib/widgets/controls";

/** Where the front end would put the slider: the grid point nearest to the value, from min. */
const snapped = (value: number, min: number, step: number) => min + Math.round((value - min) / step) * step;

describe("sliders: the grid passes through the value, so drawing the slider moves nothing", () => {
  it("a value on the grid keeps min as given (binary noise aside)", () => {
    assert.equal(gridMin(0.3, 0, 0.1), 0);
    assert.equal(gridMin(7, 1, 2), 1);
    assert.equal(gridMin(-5, -16, 0.25), -16);
  });

  it("a value off the grid moves min down, by less than a step, onto a grid through the value", () => {
    for (const [value, min, step] of [
      [Math.log10(0.02), -3, 0.1],
      [0.123, 0, 0.01],
      [12, 0, 5],
      [0.37, -1, 0.25],
      [Math.log10(3e-4), -6, 0.5],
    ] as const) {
      const m = gridMin(value, min, step);
      assert.ok(m < min && m > min - step, `${value} on ${min} + k·${step}: min ${m}`);
      assert.ok(Math.abs(snapped(value, m, step) - value) < 1e-12, `${value} stays where it is on ${m} + k·${step}`);
      assert.ok(Math.abs(snapped(value, min, step) - value) > 1e-6, "(and the given grid would have moved it)");
    }
  });

  it("every slider kind applies it; an integer slider's grid stays whole numbers; play keeps its min", () => {
    const log = widgets.floatLogSlider({ value: 0.02, min: -3, max: 0, step: 0.1 });
    const logMin = log.get("min") as number;
    assert.ok(Math.abs(snapped(Math.log10(0.02), logMin, 0.1) - Math.log10(0.02)) < 1e-12);
    assert.equal(log.value, 0.02);
    const float = widgets.floatSlider({ value: 0.123, min: 0, max: 1, step: 0.01 });
    assert.ok(Math.abs(snapped(0.123, float.get("min") as number, 0.01) - 0.123) < 1e-12);
    const int = widgets.intSlider({ value: 12, min: 0, max: 30, step: 5 });
    assert.equal(int.get("min"), -3);
    assert.equal(widgets.intSlider({ value: 10, min: 0, max: 30, step: 5 }).get("min"), 0);
    assert.equal(widgets.play({ value: 3, min: 0, max: 10, step: 2 }).get("min"), 0);
  });
});
