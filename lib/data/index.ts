/**
 * Data sets (notebook 08): the CSV files shipped with the course, and the seeded synthetic data data/make-data.ts makes them from.
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
export * from "./csv";
export * from "./synthetic";
