/** Data sets (notebook 08): the CSV files shipped with the course, and the seeded synthetic data data/make-data.ts makes them from. */
export * from "./csv";
export * from "./synthetic";
