/**
 * The `datasets` namespace of gradlab. Data sets: the course CSV files and the synthetic sets (moons,
 * circles, XOR, house prices) with a visible seed (lib/data, lib/nn/datasets.ts). Notebook 08
 * introduces it; notebooks 09-11 and 14-15 use the synthetic sets.
 * ([08-linear-regression](../../notebooks/08-linear-regression.ipynb))
 */
export { type DataTable, dataDir, parseCsv, readCsv, toCsv } from "../data/csv";
export { HOUSE_PRICE_MODEL, type LinearDataOptions, makeHousePrices, makeLinearData } from "../data/synthetic";
export { type Dataset, makeCircles, makeMoons, xorData } from "../nn/datasets";
