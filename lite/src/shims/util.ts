// node:util for the browser bundle: `inspect`, close to Node's for the values the course prints
// (numbers, strings, arrays, plain objects, Maps, Sets, errors, objects with inspect.custom).
const custom = Symbol.for("nodejs.util.inspect.custom");

interface Options {
  depth?: number;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

function join(open: string, items: string[], close: string, indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(", ")} ${close}`;
  if (flat.length <= 72 && !flat.includes("\n")) return flat;
  return `${open}\n${items.map((i) => `${indent}  ${i}`).join(",\n")}\n${indent}${close}`;
}

function fmt(value: unknown, depth: number, seen: Set<unknown>, indent: string, top: boolean): string {
  if (typeof value === "string") return top ? value : quote(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined || value === null || typeof value === "boolean") return String(value);
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return `[Function: ${value.name || "(anonymous)"}]`;
  const obj = value as Record<string | symbol, unknown>;
  if (typeof obj[custom] === "function") {
    const out = (obj[custom] as (d: number, o: Options, i: typeof inspect) => unknown)(depth, { depth }, inspect);
    return typeof out === "string" ? out : fmt(out, depth, seen, indent, false);
  }
  if (seen.has(value)) return "[Circular *1]";
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (depth < 0) return Array.isArray(value) ? "[Array]" : "[Object]";
  seen.add(value);
  try {
    const inner = indent + "  ";
    if (Array.isArray(value)) {
      const items = value.slice(0, 100).map((v) => fmt(v, depth - 1, seen, inner, false));
      if (value.length > 100) items.push(`... ${value.length - 100} more items`);
      return join("[", items, "]", indent);
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const arr = Array.from(value as unknown as ArrayLike<number>);
      return `${value.constructor.name}(${arr.length}) ${join("[", arr.slice(0, 100).map(String), "]", indent)}`;
    }
    if (value instanceof Map) {
      const items = [...value].map(([k, v]) => `${fmt(k, depth - 1, seen, inner, false)} => ${fmt(v, depth - 1, seen, inner, false)}`);
      return `Map(${value.size}) ${join("{", items, "}", indent)}`;
    }
    if (value instanceof Set) {
      const items = [...value].map((v) => fmt(v, depth - 1, seen, inner, false));
      return `Set(${value.size}) ${join("{", items, "}", indent)}`;
    }
    const items = Object.keys(obj).map((k) => `${key(k)}: ${fmt(obj[k], depth - 1, seen, inner, false)}`);
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    const name = proto === null ? "[Object: null prototype]" : proto.constructor?.name;
    const prefix = name && name !== "Object" ? `${name} ` : "";
    return prefix + join("{", items, "}", indent);
  } finally {
    seen.delete(value);
  }
}

export function inspect(value: unknown, options: Options = {}): string {
  return fmt(value, options.depth ?? 2, new Set(), "", false);
}
inspect.custom = custom;

/** console.log's formatting: strings as they are, other values through inspect, `%s %d %i %f %o %j`. */
export function format(...args: unknown[]): string {
  let first = args[0];
  let rest = args.slice(1);
  if (typeof first === "string" && /%[sdifjoO%]/.test(first) && rest.length > 0) {
    first = first.replace(/%([sdifjoO%])/g, (m, c: string) => {
      if (c === "%") return "%";
      if (rest.length === 0) return m;
      const v = rest[0];
      rest = rest.slice(1);
      if (c === "s") return typeof v === "string" ? v : inspect(v);
      if (c === "d" || c === "i") return String(c === "i" ? Math.trunc(Number(v)) : Number(v));
      if (c === "f") return String(Number(v));
      if (c === "j") return JSON.stringify(v);
      return inspect(v);
    });
  }
  return [first, ...rest].map((v) => (typeof v === "string" ? v : inspect(v))).join(" ");
}

export default { inspect, format };
