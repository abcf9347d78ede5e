/**
 * Live Jupyter widgets for the course's "what if" questions: sliders, a dropdown, a checkbox, a
 * button, a play button, output areas and boxes (the ipywidgets 8 models, over the kernel's comms),
 * and `interact(fn, controls)`, which re-runs `fn` whenever a control moves.
 */
export * from "./model";
export * from "./controls";
export * from "./interact";
