// Runs a piece of lib that prints (console.log) or displays (showTable, show ...) and collects what
// it printed and displayed instead of letting it reach the test output.
import { captureDisplays, type DisplayMessage } from "../../lib/display";

export function quietly<T>(fn: () => T): { value: T; messages: DisplayMessage[]; logs: string[] } {
  const messages: DisplayMessage[] = [];
  const logs: string[] = [];
  const restore = captureDisplays((m) => messages.push(m));
  const log = console.log;
  console.log = (...args: unknown[]) => logs.push(args.join(" "));
  try {
    return { value: fn(), messages, logs };
  } finally {
    console.log = log;
    restore();
  }
}
