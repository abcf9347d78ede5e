// Bad input to lib/widgets (the `widgets` namespace): every control's options and their fields,
// jslink, the boxes and interact. Outside a kernel the widgets are built without a front end, so
// every check at the boundary runs here as it does in a notebook.
import * as widgets from "../../lib/api/widgets";
import { badInputTable, call, fields, rows, type Argument } from "./bad-input";

const slider = () => ({ value: 1, min: 0, max: 100, step: 1 });

const table: Record<string, Argument[]> = {
  intSlider: fields(call(widgets.intSlider), slider, ["value:number", "min:number", "max:number", "step:positive?"]),
  floatSlider: fields(call(widgets.floatSlider), slider, ["value:number", "min:number", "max:number", "step:positive?"]),
  floatLogSlider: fields(call(widgets.floatLogSlider), () => ({ value: 0.1, min: -3, max: 0 }), [
    "value:positive",
    "min:number",
    "max:number",
    "base:positive?",
  ]),
  dropdown: fields(call(widgets.dropdown), () => ({ options: ["a", "b"] }), ["options"]).map((a) =>
    a.name === "options" ? { ...a, valid: ["an array of strings"] } : a,
  ),
  checkbox: fields(call(widgets.checkbox), () => ({ value: true }), ["value:boolean?", "description:text?"], {
    valid: ["undefined", "an empty object"],
  }),
  button: fields(call(widgets.button), () => ({ description: "Go" }), ["description:text"]),
  play: fields(call(widgets.play), () => ({ value: 0, min: 0, max: 10 }), [
    "value:number",
    "min:number",
    "max:number",
    "interval:positive?",
  ]),
  jslink: rows(
    widgets.jslink,
    () => [
      [widgets.play({ value: 0, min: 0, max: 10 }), "value"],
      [widgets.intSlider({ value: 0, min: 0, max: 10 }), "value"],
    ],
    ["source", "target"],
  ),
  output: rows(widgets.output, () => [{}], ["layout:options"]),
  hbox: rows(widgets.hbox, () => [[widgets.html("a")]], ["children"]).map((a) => ({ ...a, valid: ["an empty array"] })),
  vbox: rows(widgets.vbox, () => [[widgets.html("a")]], ["children"]).map((a) => ({ ...a, valid: ["an empty array"] })),
  html: rows(widgets.html, () => ["<b>a</b>"], ["value:text"]),
  interact: [
    ...rows(widgets.interact, () => [() => undefined, { n: widgets.intSlider({ value: 1, min: 0, max: 3 }) }, {}], [
      "fn:function",
      "controls",
      "options:options",
    ]),
    ...fields(
      (o) => widgets.interact(() => undefined, { n: widgets.intSlider({ value: 1, min: 0, max: 3 }) }, o as never),
      () => ({}),
      ["debounceMs:number?", "title:text?"],
      false,
    ),
  ],
};

badInputTable("lib/widgets", widgets as unknown as Record<string, unknown>, table, {
  Widget: "the base class of every widget; the functions above build them",
  ValueWidget: "built by the sliders, dropdown, checkbox and play above",
  ButtonWidget: "built by button above",
  OutputWidget: "built by output above",
  BoxWidget: "built by hbox and vbox above",
  Interactive: "built by interact above",
  SupersededError: "an error class interact's runs throw with their own message",
  InterruptedError: "an error class interact's runs throw with their own message",
});
