/**
 * The `symbolic` namespace of gradlab. Symbolic differentiation: expressions parsed from text, the
 * rule table, derivations shown step by step, gradients of expressions, and their tfjs twins
 * (lib/derivatives/symbolic). Notebook 02 introduces it; notebooks 03-04 use the rules and gradients.
 * ([02-limit-definition](../../notebooks/02-limit-definition.ipynb))
 */
export { type ConstantName, type Expr, type FunctionName } from "../derivatives/symbolic/ast";
export { type Derivation, type DerivationStep, differentiate } from "../derivatives/symbolic/differentiate";
export { ExpressionError } from "../derivatives/symbolic/errors";
export {
  type Algebra,
  type CompileOptions,
  EvaluationError,
  evaluateExpression,
  evaluateWith,
  toFunction,
} from "../derivatives/symbolic/evaluate";
export { expand } from "../derivatives/symbolic/expand";
export { type ExplainOptions, explainDerivative } from "../derivatives/symbolic/explain";
export { FUNCTION_NAMES as KNOWN_FUNCTIONS } from "../derivatives/symbolic/functions";
export { type SymbolicGradientResult, evaluateGradient, symbolicGradient } from "../derivatives/symbolic/gradient";
export { LIMITS as EXPRESSION_LIMITS } from "../derivatives/symbolic/guard";
export { latexName, toLatex } from "../derivatives/symbolic/latex";
export { type LimitDerivationResult, type LimitStep, limitDerivation } from "../derivatives/symbolic/limit";
export { type ParseOptions, parse, toExpr } from "../derivatives/symbolic/parse";
export { toText } from "../derivatives/symbolic/print";
export { DIFFERENTIATION_RULES, type DifferentiationRule, type RuleName, type StepNote } from "../derivatives/symbolic/rules";
export {
  derivationLatex,
  derivationMarkdown,
  derivationText,
  showDerivation,
  showGradient,
  showLimitDerivation,
} from "../derivatives/symbolic/show";
export { simplify } from "../derivatives/symbolic/simplify";
export { toTf } from "../derivatives/symbolic/tf";
export { dependsOn, exprEquals, substitute, variablesOf } from "../derivatives/symbolic/tree";
