// node:fs (read only) for the browser bundle. The site ships the course files lib reads (the data
// CSVs and lib's own sources for showSource) under static/gradlab/, listed in files.json; paths
// below the virtual root /gradlab map to them. Reads are synchronous XHRs, allowed in a worker.
const ROOT = "/gradlab/";

let listing: Set<string> | undefined;

function base(): string {
  return new URL("gradlab/", (globalThis as unknown as { location: { href: string } }).location.href).href;
}

function syncGet(url: string): string | undefined {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.send();
  return xhr.status === 200 ? xhr.responseText : undefined;
}

function files(): Set<string> {
  if (!listing) listing = new Set(JSON.parse(syncGet(`${base()}files.json`) ?? "[]") as string[]);
  return listing;
}

function relative(p: string): string | undefined {
  return p.startsWith(ROOT) ? p.slice(ROOT.length) : undefined;
}

function enoent(p: string): Error {
  const error = new Error(`ENOENT: no such file or directory, open '${p}'`) as Error & { code: string };
  error.code = "ENOENT";
  return error;
}

export function existsSync(p: string): boolean {
  const rel = relative(String(p).replace(/\/+$/, ""));
  if (rel === undefined) return false;
  if (rel === "") return true;
  for (const f of files()) if (f === rel || f.startsWith(`${rel}/`)) return true;
  return false;
}

export function readFileSync(p: string): string {
  const rel = relative(String(p));
  if (rel === undefined || !files().has(rel)) throw enoent(String(p));
  const text = syncGet(base() + rel);
  if (text === undefined) throw enoent(String(p));
  return text;
}

interface Dirent {
  name: string;
  isDirectory(): boolean;
  isFile(): boolean;
}

export function readdirSync(p: string, options?: { withFileTypes?: boolean }): (string | Dirent)[] {
  const rel = relative(String(p).replace(/\/+$/, ""));
  if (rel === undefined || !existsSync(p)) throw enoent(String(p));
  const prefix = rel === "" ? "" : `${rel}/`;
  const entries = new Map<string, boolean>();
  for (const f of files()) {
    if (!f.startsWith(prefix)) continue;
    const [name, ...more] = f.slice(prefix.length).split("/");
    entries.set(name, (entries.get(name) ?? false) || more.length > 0);
  }
  const names = [...entries.keys()].sort();
  if (!options?.withFileTypes) return names;
  return names.map((name) => ({ name, isDirectory: () => entries.get(name) === true, isFile: () => entries.get(name) !== true }));
}

export function statSync(p: string): { isDirectory(): boolean; isFile(): boolean } {
  const rel = relative(String(p)) ?? "";
  if (!existsSync(p)) throw enoent(String(p));
  const file = files().has(rel);
  return { isDirectory: () => !file, isFile: () => file };
}

export default { existsSync, readFileSync, readdirSync, statSync };
