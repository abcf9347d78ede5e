// node:path (POSIX) for the browser bundle: lib resolves its data and sources from __dirname, which
// the bundle sets below the virtual root /gradlab (see fs.ts).
export const sep = "/";
export const delimiter = ":";

function normalizeParts(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return out;
}

export function resolve(...segments: string[]): string {
  let acc = "";
  for (const s of segments) acc = s.startsWith("/") ? s : `${acc}/${s}`;
  if (!acc.startsWith("/")) acc = `${cwd()}/${acc}`;
  return `/${normalizeParts(acc.split("/")).join("/")}`;
}

function cwd(): string {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  return proc?.cwd ? proc.cwd() : "/";
}

export function join(...segments: string[]): string {
  const joined = segments.filter((s) => s !== "").join("/");
  const abs = joined.startsWith("/");
  const body = normalizeParts(joined.split("/")).join("/");
  return (abs ? "/" : "") + (body || (abs ? "" : "."));
}

export const normalize = (p: string): string => join(p);
export const isAbsolute = (p: string): boolean => p.startsWith("/");
export function dirname(p: string): string {
  const i = p.replace(/\/+$/, "").lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
}
export function basename(p: string, ext?: string): string {
  const base = p.replace(/\/+$/, "").split("/").pop() ?? "";
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}
export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf(".");
  return i <= 0 ? "" : base.slice(i);
}
export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

const path = { sep, delimiter, resolve, join, normalize, isAbsolute, dirname, basename, extname, relative, posix: {} as object };
path.posix = path;
export const posix = path;
export default path;
