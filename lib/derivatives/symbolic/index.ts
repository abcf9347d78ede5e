// Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
export { type Expr, type FunctionName, type ConstantName } from "./ast";
export { exprEquals, variablesOf, dependsOn, substitute } from "./tree";
export { LIMITS as EXPRESSION_LIMITS } from "./guard";
export { ExpressionError } from "./errors";
export { FUNCTION_NAMES as KNOWN_FUNCTIONS } from "./functions";
export { parse, toExpr, type ParseOptions } from "./parse";
export { evaluateExpression, evaluateWith, toFunction, EvaluationError, type Algebra, type CompileOptions } from "./evaluate";
export { simplify } from "./simplify";
export { expand } from "./expand";
export { toText } from "./print";
export { toLatex, latexName } from "./latex";
export { DIFFERENTIATION_RULES, type DifferentiationRule, type RuleName, type StepNote } from "./rules";
export { differentiate, type Derivation, type DerivationStep } from "./differentiate";
export { symbolicGradient, evaluateGradient, type SymbolicGradientResult } from "./gradient";
export { limitDerivation, type LimitDerivationResult, type LimitStep } from "./limit";
export { toTf } from "./tf";
export {
  showDerivation,
  showGradient,
  showLimitDerivation,
  derivationLatex,
  derivationText,
  derivationMarkdown,
  type StepView,
} from "./show";
export { explainDerivative, type ExplainOptions } from "./explain";
