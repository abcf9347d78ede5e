export * from "./csv";
export * from "./synthetic";
