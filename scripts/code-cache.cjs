// V8's compiled code for the tfjs bundles a kernel loads when a cell imports gradlab (about 6 MB of
// JavaScript that every kernel would otherwise compile anew): each module is compiled with the code
// cache made the first time it was loaded, kept in node_modules/.cache/gradlab/v8-code/. The cache
// file is named by a hash of the module's path, its source and Node's version: V8's own check only
// compares the source's length (and its build and flags), so the source's content must be in the
// name. Cached code V8 refuses is compiled as usual and written again. Only vendored packages that need nothing of Node's own
// compile path: gradlab's dist/ keeps Node's (its source maps point traces at lib/'s TypeScript).
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

/** Packages whose modules load through the cache (path parts under node_modules). */
const CACHED = [`${path.sep}node_modules${path.sep}@tensorflow${path.sep}`];

function cacheFile(dir, filename, content) {
  const key = createHash("sha256").update(`${process.version}\0${process.arch}\0${filename}\0`).update(content).digest("hex");
  return path.join(dir, `${key.slice(0, 40)}.bin`);
}

/** A module's require function, as Node makes it (resolve, resolve.paths, main, cache, extensions). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Loads the modules of CACHED packages with V8's code cache from `dir` (made on first load).
 * Returns counts of what happened, for tests: { hits, misses, rejected, written }.
 */
function useCodeCache(dir) {
  const stats = { hits: 0, misses: 0, rejected: 0, written: 0 };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (typeof content !== "string" || !CACHED.some((part) => filename.includes(part))) return compile.call(this, content, filename);
    const file = cacheFile(dir, filename, content);
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    // V8 says whether it took the cached code: false when it did, true when it refused it, and
    // undefined when it was given none.
    if (script.cachedDataRejected === false) stats.hits++;
    else if (script.cachedDataRejected === true) stats.rejected++;
    else stats.misses++;
    const wrapper = script.runInThisContext({ displayErrors: true });
    const result = wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
    if (script.cachedDataRejected !== false) {
      // After the module ran: the cache then holds the functions its loading compiled too.
      try {
        fs.mkdirSync(dir, { recursive: true });
        const partial = `${file}.${process.pid}.partial`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, file);
        stats.written++;
      } catch {
        // A read-only project: the module still loaded, only without a cache for next time.
      }
    }
    return result;
  };
  return stats;
}

module.exports = { useCodeCache, CACHED };
