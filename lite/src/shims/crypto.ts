// node:crypto for the browser bundle: only randomBytes(n).toString("hex"), which lib/widgets uses
// for the id of a widget that has no kernel comm (an identifier, not a number anything computes with).
export function randomBytes(n: number): { toString(encoding: "hex"): string } {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(n));
  return { toString: () => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") };
}
export default { randomBytes };
