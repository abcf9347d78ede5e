/**
 * The tree utilities of ast.ts as the package exports them: each checks what it is given first
 * (guard.ts), so a wrong argument gets a message naming it rather than an error from inside.
 * The engine itself calls ast.ts directly, on trees it has already checked or built.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import * as ast from "./ast";
import type { Expr } from "./ast";
import { checkTree } from "./guard";
import { checkVariableName } from "./differentiate";

/** Same tree, ignoring source positions. @example exprEquals(parse("x + 1"), parse("x+1")) // true */
export function exprEquals(a: Expr, b: Expr): boolean {
  checkTree("a", a);
  checkTree("b", b);
  return ast.equals(a, b);
}

/** The variable names used in `e`, sorted. @example variablesOf(parse("y^2 + 3xy")) // ["x", "y"] */
export function variablesOf(e: Expr): string[] {
  checkTree("e", e);
  return ast.variablesOf(e);
}

/** Does `e` change when `name` changes? @example dependsOn(parse("y^2"), "x") // false */
export function dependsOn(e: Expr, name: string): boolean {
  checkTree("e", e);
  checkVariableName(name, "name");
  return ast.dependsOn(e, name);
}

/** `e` with every occurrence of the variable `name` replaced by `by`. @example toText(substitute(parse("x^2"), "x", parse("x + h"))) // "(x + h)^2" */
export function substitute(e: Expr, name: string, by: Expr): Expr {
  checkTree("e", e);
  checkVariableName(name, "name");
  checkTree("by", by);
  const result = ast.substitute(e, name, by);
  checkTree("the result of substitute", result);
  return result;
}
