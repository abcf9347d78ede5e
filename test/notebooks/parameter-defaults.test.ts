// The texts a parameter variant must show (parameter-variants.json, checked by parameters.test.ts
// on the variant's run) are caused by the change: none of them appears in the run with the default
// values, the first pass of notebooks.test.ts (test-output/executed/), which runs before this file
// in the same group.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { notebookTexts } from "../support/outputs";
import { executedCopy, NOTEBOOKS } from "./runs";

interface Variant {
  params: Record<string, string>;
  expect: string[];
}

const variants = JSON.parse(fs.readFileSync(path.join(__dirname, "parameter-variants.json"), "utf8")) as Record<string, Variant>;

describe("parameters: what each variant must show is absent from the run with the default values", () => {
  for (const name of NOTEBOOKS) {
    const stem = name.replace(/\.ipynb$/, "");
    it(`${stem}: ${JSON.stringify(variants[stem]?.expect ?? "(no variant)")}`, () => {
      const variant = variants[stem];
      assert.ok(variant, `add a variant for ${stem} to test/notebooks/parameter-variants.json`);
      assert.ok(fs.existsSync(executedCopy(name)), `${executedCopy(name)} exists (notebooks.test.ts runs first)`);
      const original = notebookTexts(executedCopy(name)).join("\n");
      for (const text of variant.expect) assert.ok(!original.includes(text), `"${text}" also appears with the default values`);
    });
  }
});
