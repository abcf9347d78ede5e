// `npm test`: the same set-up as `npm start`, then every test (lib, kernel, notebooks, server,
// static checks) in one mocha run that ends with "gradlab tests: N passed, N failed, N pending".
//   npm test                      # everything
//   npm test -- --grep kernel     # a subset (any mocha option)
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setup, runMain } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, projectEnv } = require("./project.cjs");

async function main() {
  await setup();
  const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
  const child = spawn(process.execPath, [mocha, ...process.argv.slice(2)], { cwd: ROOT, env: projectEnv(), stdio: "inherit" });
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}

await runMain(main);
