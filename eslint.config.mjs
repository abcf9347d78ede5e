// Lint for lib/, test/, bench/ and scripts/ (notebooks are checked by running them).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      ".venv/",
      ".jupyter/",
      "test-output/",
      "artifacts/",
      "book/",
      "course/",
      "bench/.build/",
      "bench/.python/",
      "bench/results/",
      "build/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "Use the seeded generator passed in explicitly." },
      ],
      "no-eval": "error",
      "no-new-func": "error",
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["test/**/*.ts"],
    languageOptions: { globals: { ...globals.mocha } },
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
