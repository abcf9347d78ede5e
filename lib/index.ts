/**
 * gradlab: the library behind the course "Derivatives and Gradients: the math behind learning".
 * Notebooks import everything from here: `import { setupTf, crossCheck, show } from "gradlab"`.
 *
 * The layers, lowest first (test/lib/layers.test.ts enforces them; README "How it fits together"):
 * util (core) < tf, display, plot, env, data < numeric < check < engines (dual, symbolic,
 * autodiff, tape) < nn < optim, secondorder, regression < train < monitor < api.
 */
export * from "./tf";
export * from "./display";
export * from "./display/table";
export * from "./plot";
export * from "./check";
export * from "./numeric";
export * from "./derivatives/symbolic";
export * from "./derivatives/dual";
export { linspace } from "./util/array";
export * from "./util/format";
export { Matrix, shapeText } from "./util/matrix";
export * from "./util/special";
export * from "./util/progress";
export * from "./util/errors";
export * from "./env";
export * from "./random";
export * from "./util/params";
export * from "./optim";
export * from "./data";
export * from "./regression";
export * from "./nn";
export * from "./train/train";
export * from "./display/math";
export * from "./display/source";
export * from "./autodiff";
export * from "./secondorder";
export * as tape from "./api/tape";
export * from "./monitor";
export * as widgets from "./widgets";
