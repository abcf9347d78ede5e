export * from "./numeric";
