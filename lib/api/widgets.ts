/**
 * The `widgets` namespace of gradlab. Live Jupyter widgets for "what if" questions: sliders, a
 * dropdown, a checkbox, a button, a play button linked to a slider, output areas and boxes (the
 * ipywidgets 8 models, over the kernel's comms), and `interact(fn, controls)`, which re-runs `fn`
 * whenever a control moves (lib/widgets). Notebook 06 introduces it; 02, 05, 11 and 15 use it.
 * ([06-gradient-descent](../../notebooks/06-gradient-descent.ipynb))
 */
export { Widget, type State } from "../widgets/model";
export {
  BoxWidget,
  ButtonWidget,
  type DropdownOptions,
  type LogSliderOptions,
  OutputWidget,
  type PlayOptions,
  type SliderOptions,
  ValueWidget,
  button,
  checkbox,
  dropdown,
  floatLogSlider,
  floatSlider,
  hbox,
  html,
  intSlider,
  jslink,
  output,
  play,
  vbox,
} from "../widgets/controls";
export {
  type Controls,
  type InteractOptions,
  Interactive,
  InterruptedError,
  type RunContext,
  type RunOutcome,
  type RunRecord,
  SupersededError,
  type ValuesOf,
  interact,
} from "../widgets/interact";
