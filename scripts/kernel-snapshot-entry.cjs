// The kernel's V8 start-up snapshot (node --build-snapshot): TypeScript loaded, and every
// declaration file a notebook's first cells type-check against (lib.es2022, @types/node,
// gradlab's and tfjs's types) already parsed and bound. A kernel started from it skips those
// seconds; each file is still compared with the disk (size and mtime) before it is used, and a
// changed or missing one is parsed again as usual. scripts/kernel-snapshot.cjs builds it.
//
// This file runs inside the snapshot builder, where only Node's built-in modules can be required:
// TypeScript (one self-contained file) is evaluated from its source.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");

const ROOT = process.env.GRADLAB_ROOT || path.resolve(__dirname, "..");
// tslab compiles cells with its own TypeScript build (5.0), not the project's.
const TS_PATH = path.join(ROOT, "node_modules", "@tslab", "typescript-for-tslab", "lib", "typescript.js");
const NOTEBOOKS = path.join(ROOT, "notebooks");

function loadTypeScript() {
  const module = { exports: {} };
  const source = fs.readFileSync(TS_PATH, "utf8");
  // eslint-disable-next-line no-new-func
  new Function("module", "exports", "require", "__filename", "__dirname", source)(
    module,
    module.exports,
    require,
    TS_PATH,
    path.dirname(TS_PATH),
  );
  return module.exports;
}

/** The TypeScript instance of the snapshot (loaded only when building one). */
let ts;

/** tslab's compiler options (node_modules/tslab/dist/converter.js, as patched), for Node >= 18. */
function tslabOptions() {
  return {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    typeRoots: ts.getDefaultTypeRoots(NOTEBOOKS, { directoryExists: ts.sys.directoryExists }) || [],
    types: ["node"],
    allowJs: true,
    checkJs: true,
    disableTopLevelAwait: true,
    skipLibCheck: true,
    rootDir: NOTEBOOKS,
    suppressOutputPathCheck: true,
    outDir: path.join(NOTEBOOKS, "__gradlab_snapshot_out__"),
  };
}

/** Parses and binds what a cell importing gradlab needs; returns the declaration files, by path. */
function parseDeclarations() {
  const options = tslabOptions();
  const cell = path.join(NOTEBOOKS, "__gradlab_snapshot__.ts").split(path.sep).join("/");
  const host = ts.createCompilerHost(options);
  // Not ts.sys's: it would remember the builder's directory for the kernel (see the main function).
  host.getCurrentDirectory = () => NOTEBOOKS;
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === cell
      ? ts.createSourceFile(fileName, 'import * as gradlab from "gradlab";\nexport { gradlab };\n', languageVersion)
      : getSourceFile.call(host, fileName, languageVersion, ...rest);
  const program = ts.createProgram({ rootNames: [cell], options, host });
  program.getTypeChecker(); // binds every file
  const files = new Map();
  for (const file of program.getSourceFiles()) {
    if (!file.isDeclarationFile) continue;
    const stat = fs.statSync(file.fileName);
    files.set(file.fileName, { file, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return files;
}

/**
 * The look-up the patched tslab calls before parsing a file: the snapshot's parsed file when the
 * file on disk is the one it was parsed from (checked once per file and process) and the parse
 * settings match, else undefined.
 */
function createPreparsed(files) {
  const stats = { hits: 0, stale: 0 };
  const checked = new Set();
  return {
    stats,
    files: files.size,
    get(fileName, languageVersionOrOptions) {
      const entry = files.get(fileName);
      if (!entry) return undefined;
      if (!checked.has(fileName)) {
        checked.add(fileName);
        let stat;
        try {
          stat = fs.statSync(fileName);
        } catch {
          stat = undefined;
        }
        if (!stat || stat.size !== entry.size || stat.mtimeMs !== entry.mtimeMs) {
          files.delete(fileName);
          stats.stale++;
          return undefined;
        }
      }
      const wanted =
        typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
      if (
        wanted.languageVersion !== entry.file.languageVersion ||
        (wanted.impliedNodeFormat ?? undefined) !== (entry.file.impliedNodeFormat ?? undefined)
      ) {
        return undefined;
      }
      stats.hits++;
      return entry.file;
    },
  };
}

/** What `node --snapshot-blob <blob> gradlab-snapshot-check` prints: the blob works, and what it holds. */
const CHECK_ARG = "gradlab-snapshot-check";

function buildSnapshot() {
  ts = loadTypeScript();
  const preparsed = createPreparsed(parseDeclarations());
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    if (process.argv[1] === CHECK_ARG) {
      process.stdout.write(`${JSON.stringify({ files: preparsed.files, typescript: ts.version, node: process.version })}\n`);
      return;
    }
    // Node removes Error.stackTraceLimit from a snapshot (TypeScript had raised it); without it no
    // error has a stack. Node's default, which TypeScript raises again when it makes a program.
    Error.stackTraceLimit = 10;
    // TypeScript's system object was made in the builder: the working directory it remembers is the
    // builder's, and its arguments too. The kernel's, as a fresh TypeScript would find them.
    let cwd;
    ts.sys.getCurrentDirectory = () => (cwd ??= process.cwd());
    ts.sys.args = process.argv.slice(2);
    const Module = require("node:module");
    // tslab's `require("@tslab/typescript-for-tslab")` gets the TypeScript these files were parsed by.
    const tsModule = new Module(TS_PATH, null);
    tsModule.filename = TS_PATH;
    tsModule.paths = Module._nodeModulePaths(path.dirname(TS_PATH));
    tsModule.exports = ts;
    tsModule.loaded = true;
    Module._cache[TS_PATH] = tsModule;
    globalThis.__gradlabPreparsed = preparsed;
    // Then the kernel, as `node scripts/kernel.cjs ...` would have started it.
    const main = path.resolve(process.argv[1]);
    process.argv[1] = main;
    Module._load(main, null, true);
  });
}

if (v8.startupSnapshot.isBuildingSnapshot()) buildSnapshot();
else module.exports = { createPreparsed, CHECK_ARG };
