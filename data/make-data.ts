/**
 * Writes the course's synthetic data sets into data/ from fixed seeds. Run it with
 *   npm run data
 * and the same files come out, byte for byte (test/lib/data.test.ts checks that the committed
 * files match what this script produces).
 */
import fs from "node:fs";
import path from "node:path";
import { makeHousePrices, makeLinearData, toCsv } from "../lib/data";

/** Seeds of the committed files. */
export const REGRESSION_SEED = 42;
export const HOUSE_PRICES_SEED = 2024;

/** File name -> contents, exactly as committed. */
export function dataFiles(): Record<string, string> {
  const { X, y } = makeLinearData({ seed: REGRESSION_SEED, n: 100, weights: [3, -2], bias: 1, noise: 0.5 });
  return {
    "regression-2d.csv": toCsv(
      ["x1", "x2", "y"],
      X.map((row, i) => [...row, y[i]!]),
      [6, 6, 6],
    ),
    "house-prices.csv": toCsv(
      ["sqft", "bedrooms", "bathrooms", "price_k"],
      makeHousePrices({ seed: HOUSE_PRICES_SEED, n: 50 }),
      [0, 0, 1, 1],
    ),
  };
}

if (require.main === module) {
  for (const [name, text] of Object.entries(dataFiles())) {
    const file = path.join(__dirname, name);
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)} (${text.split("\n").length - 2} rows)`);
  }
}
