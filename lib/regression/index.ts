export * from "./least-squares";
export * from "./scaling";
