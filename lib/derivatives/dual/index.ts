export * from "./dual";
export * from "./forward";
export * from "./expression";
