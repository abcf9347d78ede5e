export * from "./tolerance";
export * from "./crosscheck";
export * from "./exercise";
