/**
 * gradlab: the library behind the course "Derivatives and Gradients: the math behind learning".
 * Notebooks import everything from here: `import { setupTf, crossCheck, show } from "gradlab"`.
 */
export * from "./tf";
export * from "./display";
export * from "./display/table";
export * from "./plot";
export * from "./check";
export * from "./derivatives";
export * from "./util/array";
export * from "./util/format";
export * from "./env";
export * from "./random";
export * from "./params";
export * from "./optim";
export * from "./data";
export * from "./regression";
export * from "./nn";
export * from "./display/math";
export * from "./display/source";
export * from "./autodiff";
export * from "./secondorder";
export * as tape from "./tape";
export * from "./monitor";
