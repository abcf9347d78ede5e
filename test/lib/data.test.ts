import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { dataFiles, HOUSE_PRICES_SEED, REGRESSION_SEED } from "../../data/make-data";
import { dataDir, HOUSE_PRICE_MODEL, makeHousePrices, makeLinearData, parseCsv, readCsv, toCsv } from "../../lib/data";
import { leastSquares } from "../../lib/regression";

describe("data: the committed data sets", () => {
  it("re-running data/make-data.ts reproduces every committed CSV byte for byte", () => {
    const files = dataFiles();
    assert.deepEqual(Object.keys(files).sort(), ["house-prices.csv", "regression-2d.csv"]);
    for (const [name, text] of Object.entries(files)) {
      assert.equal(fs.readFileSync(path.join(dataDir(), name), "utf8"), text, `${name} differs from what the script writes`);
    }
    assert.equal(REGRESSION_SEED, 42);
    assert.ok(Number.isInteger(HOUSE_PRICES_SEED));
  });

  it("regression-2d.csv: 100 samples, two standard-normal features, y = 3 x1 - 2 x2 + 1 + noise 0.5", () => {
    const data = readCsv("regression-2d.csv");
    assert.deepEqual(data.columns, ["x1", "x2", "y"]);
    assert.equal(data.rows.length, 100);
    const X = data.select(["x1", "x2"]);
    const y = data.column("y");
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    for (const j of [0, 1]) {
      const col = X.map((r) => r[j]!);
      assert.ok(Math.abs(mean(col)) < 0.3, `feature ${j} mean`);
      const sd = Math.sqrt(mean(col.map((v) => (v - mean(col)) ** 2)));
      assert.ok(sd > 0.75 && sd < 1.25, `feature ${j} sd ${sd}`);
    }
    // The noise is what is left after the true model: about N(0, 0.5²).
    const residuals = X.map((r, i) => y[i]! - (3 * r[0]! - 2 * r[1]! + 1));
    const noiseSd = Math.sqrt(mean(residuals.map((r) => r * r)));
    assert.ok(noiseSd > 0.4 && noiseSd < 0.6, `noise sd ${noiseSd}`);
    const fit = leastSquares(X, y);
    assert.ok(Math.abs(fit.weights[0]! - 3) < 0.2 && Math.abs(fit.weights[1]! + 2) < 0.2 && Math.abs(fit.bias - 1) < 0.2);
  });

  it("house-prices.csv: 50 plausible houses whose least-squares fit is near the stated model", () => {
    const data = readCsv("house-prices.csv");
    assert.deepEqual(data.columns, ["sqft", "bedrooms", "bathrooms", "price_k"]);
    assert.equal(data.rows.length, 50);
    assert.ok(data.column("sqft").every((v) => v >= 700 && v <= 3500 && v % 10 === 0));
    assert.ok(data.column("bedrooms").every((v) => Number.isInteger(v) && v >= 1 && v <= 6));
    assert.ok(data.column("bathrooms").every((v) => v >= 1 && v <= 4 && Number.isInteger(2 * v)));
    const fit = leastSquares(data.select(["sqft", "bedrooms", "bathrooms"]), data.column("price_k"));
    assert.ok(Math.abs(fit.weights[0]! - HOUSE_PRICE_MODEL.perSquareFoot) < 0.03, `per sqft ${fit.weights[0]}`);
    assert.ok(Math.sqrt(fit.mse) > 15 && Math.sqrt(fit.mse) < 35, `residual sd ${Math.sqrt(fit.mse)} vs noise ${HOUSE_PRICE_MODEL.noise}`);
  });

  it("generators are seeded: same seed, same data; another seed, other data", () => {
    assert.deepEqual(makeLinearData({ seed: 1, n: 5 }), makeLinearData({ seed: 1, n: 5 }));
    assert.notDeepEqual(makeHousePrices({ seed: 1, n: 5 }), makeHousePrices({ seed: 2, n: 5 }));
  });

  it("CSV round trip, and errors that name the line and column", () => {
    const text = toCsv(
      ["a", "b"],
      [
        [1, -0.00001],
        [2.5, 3],
      ],
      [0, 3],
    );
    assert.equal(text, "a,b\n1,0.000\n3,3.000\n");
    const t = parseCsv(text, "t.csv");
    assert.deepEqual(t.column("b"), [0, 3]);
    assert.throws(() => t.column("c"), { message: 't.csv: no column "c"; the columns are a, b' });
    assert.throws(() => parseCsv("a,b\n1,x\n", "bad.csv"), { message: 'bad.csv: line 2, column "b" is not a number: "x"' });
    assert.throws(() => parseCsv("a,b\n1\n", "short.csv"), { message: "short.csv: line 2 has 1 cells; expected 2" });
    assert.throws(
      () => readCsv("missing.csv"),
      /readCsv: .*missing.csv does not exist; data sets available: house-prices.csv, regression-2d.csv/,
    );
  });
});
