// `npm run book`: set up, then build the static HTML edition of the course into book/
// (scripts/book/build.ts; see there for options).
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setup, runMain } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, projectEnv } = require("./project.cjs");

async function main() {
  await setup({ quiet: true });
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join(ROOT, "scripts", "book", "build.ts"), ...process.argv.slice(2)],
    {
      cwd: ROOT,
      env: projectEnv(),
      stdio: "inherit",
    },
  );
  process.exit(await new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1))));
}

await runMain(main);
