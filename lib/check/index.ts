export * from "./tolerance";
export * from "./crosscheck";
export * from "./exercise";
export * from "./gradcheck";
export * from "./gradient-exercise";
export * from "./claims";
