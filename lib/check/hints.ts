import { show } from "../util/validate";
/**
 * Hints in tiers. A failed check shows the first tier (the idea to use); from the second failure
 * of the same exercise on, or when the learner asks with `hint("ex06-1", 2)`, the second (the
 * formula). No tier is code: writing the code from the formula is the exercise.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { wrapText } from "../util/format";

/** Tier 1: the concept. Tier 2: the formula, in mathematical notation. */
export const HINTS: Readonly<Record<string, readonly [string, string]>> = Object.freeze({
  "ex00-1": ["The power rule: bring the exponent down in front and lower it by one.", "d/dx xⁿ = n·xⁿ⁻¹, here with n = 3."],
  "ex01-1": [
    "An average speed is distance travelled divided by the time it took; the odometer s gives the distance at any time.",
    "average speed on [t₀, t₁] = (s(t₁) − s(t₀)) / (t₁ − t₀).",
  ],
  "ex01-2": [
    "Speed is the derivative of distance; differentiate the polynomial term by term.",
    "d/dt (a·tⁿ) = a·n·tⁿ⁻¹ for each term, and constants' derivatives are 0.",
  ],
  "ex02-1": ["Move from x by the step h, see how much f changed, and divide by the step.", "forward quotient = (f(x + h) − f(x)) / h."],
  "ex02-2": [
    "Put 1/(x+h) − 1/x over one common denominator before dividing by h; then h can go to 0.",
    "1/(x+h) − 1/x = −h / (x(x+h)); after dividing by h, let h → 0.",
  ],
  "ex02-3": [
    "Try every candidate step, measure how far the central difference is from the exact derivative, and keep the step with the smallest error.",
    "error(h) = |(f(x+h) − f(x−h))/(2h) − f′(x)|; the answer is the h in numeric.logSteps(−1, −16, 4) with the smallest error(h).",
  ],
  "ex03-1": [
    "The chain rule: derivative of the outside (inside untouched) times the derivative of the inside.",
    "For (u)⁴ with u = 3x − 1: 4u³ · u′, and u′ = 3.",
  ],
  "ex03-2": ["The product rule: each factor takes a turn being differentiated.", "(u·v)′ = u′·v + u·v′ with u = x and v = eˣ."],
  "ex03-3": [
    "The quotient rule, written as a string the engine can parse (x, +, −, *, /, ^ and parentheses).",
    "(u/v)′ = (u′·v − u·v′) / v², here with u = x² and v = x + 1.",
  ],
  "ex04-1": [
    "A partial derivative treats every other variable as a constant number.",
    "∂/∂x (x²y) = 2xy and ∂/∂x sin y = 0; ∂/∂y (x²y) = x² and ∂/∂y sin y = cos y.",
  ],
  "ex04-2": [
    "A central difference in y: move y a little up and a little down, keep x where it is, compare the two values of f.",
    "∂f/∂y(x, y) ≈ (f(x, y + h) − f(x, y − h)) / (2h), with f(x, y) = x² + 3xy + y².",
  ],
  "ex05-1": [
    "The gradient at (x, y) is a vector of two partial derivatives; its magnitude is its length.",
    "∇f(x, y) = [2x + 3y, 3x + 2y], and the length of [a, b] is √(a² + b²).",
  ],
  "ex05-2": [
    "Steepest descent points exactly opposite to the gradient; a unit vector has length 1.",
    "direction = −∇f(x, y) / ‖∇f(x, y)‖, with ∇f(x, y) = [2x + 3y, 3x + 2y].",
  ],
  "ex05-3": [
    "One partial derivative per variable, the other one held constant.",
    "The cross term −2xy gives −2y in the x-partial and −2x in the y-partial; eˣ only depends on x.",
  ],
  "ex06-1": ["Gradient descent moves against the slope, scaled by the learning rate.", "next x = x − rate · f′(x), with f′(x) = 2x − 4."],
  "ex06-2": [
    "Run gradient descent from x0 and count the steps until the distance to the minimum at 2 first drops below tol (0 when x0 is already close).",
    "Each step multiplies the distance to 2 by (1 − 2·lr): |x_k − 2| = |x0 − 2|·|1 − 2·lr|^k; the answer is the smallest k with |x_k − 2| < tol.",
  ],
  "ex06-3": [
    "The whole algorithm is a loop around the update you wrote in 06.1: keep every point, starting with x0, and ask the slope once per step.",
    "The list starts with x₀; then, steps times, x_{k+1} = x_k − lr · slope(x_k) is appended to it: steps + 1 numbers in all.",
  ],
  "ex06-4": [
    "Run the update by hand, three times: each step moves x by −α times the slope at the current x.",
    "x_{k+1} = x_k − 0.3 · (2x_k − 4) = 0.4·x_k + 1.2, from x₀ = 0.",
  ],
  "ex07-1": [
    "Each step multiplies x by the same factor; the iteration converges when that factor's size stays below 1.",
    "x ← x − α·L·x = (1 − αL)·x, and |1 − αL| < 1 means 0 < α < (the rate you are looking for).",
  ],
  "ex07-2": [
    "Adam keeps two running averages (of g and of g²), corrects their bias towards 0 in early steps, then steps.",
    "Update m and v first, then m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), then x − α·m̂/(√v̂ + ε): ε goes outside the square root.",
  ],
  "ex07-3": [
    "The rate follows half a cosine wave: all of initial at step 0, half of it halfway through, 0 at totalSteps and after.",
    "rate = initial · (1 + cos(π·p)) / 2 with p = min(t, totalSteps) / totalSteps.",
  ],
  "ex07-4": [
    "Update the running average of g² first, then step against g, divided by the root of that average.",
    "s ← 0.9·s + 0.1·g², then x ← x − α·g/√(s + ε) with ε = 1e-7 inside the root.",
  ],
  "ex08-1": [
    "Differentiate the mean of squared errors with respect to w and to b; the chain rule brings out the error of each sample.",
    "∂L/∂w = (2/n)·Σ (w·xᵢ + b − yᵢ)·xᵢ and ∂L/∂b = (2/n)·Σ (w·xᵢ + b − yᵢ).",
  ],
  "ex08-2": [
    "Centre the values on their mean, then divide by their spread (population standard deviation).",
    "zᵢ = (xᵢ − x̄)/σ with σ = √((1/n)·Σ (xᵢ − x̄)²): divide by n, not n − 1.",
  ],
  "ex09-1": [
    "Carry ∂L/∂y back through W₂, then through the sigmoid of the hidden layer, then to W₁ and b₁.",
    "∂L/∂z₁ = (W₂ᵀ·∂L/∂y) ⊙ h ⊙ (1 − h); ∂L/∂W₁ = ∂L/∂z₁·xᵀ; ∂L/∂b₁ = ∂L/∂z₁.",
  ],
  "ex09-2": [
    "Each of X, W and b receives the upstream gradient multiplied by what it was multiplied with; shapes tell you the order and the transposes.",
    "dX = dY·Wᵀ (N × inputs), dW = Xᵀ·dY (inputs × outputs), db = the column sums of dY.",
  ],
  "ex09-3": [
    "Run the gradient check on the buggy version and see which of dX, dW, db it flags; then ask along how many paths X reaches the output.",
    "Y = X + σ(XW + b) uses X twice: dX = dY + (dY ⊙ σ′) · Wᵀ, the skip path's share added to the layer's.",
  ],
  "ex10-1": ["tanh′ can be written with tanh's own value, like σ′ with σ's.", "tanh′(x) = 1 − tanh²(x)."],
  "ex10-2": [
    "Two pieces: the slope of x on the right, the slope of eˣ − 1 on the left.",
    "ELU′(x) = 1 for x > 0 and eˣ = ELU(x) + 1 for x ≤ 0.",
  ],
  "ex11-1": [
    "One norm over all the arrays together; rescale only when it is larger than maxNorm, and give back new arrays.",
    "‖g‖ = √(Σᵢ Σₖ g²ᵢₖ); every entry is multiplied by maxNorm / max(‖g‖, maxNorm).",
  ],
  "ex11-2": [
    "The block's output is a sum of two paths from x; gradients of a sum add up.",
    "y = x + F(x), so ∂L/∂x = dY·(I + ∂F/∂x) = dY + (F's backward pass applied to dY).",
  ],
  "ex12-1": [
    "First the gradient, then differentiate each of its entries again with respect to x and to y.",
    "∇g = (3x² + 2y², 4xy − 1); then g_xx = ∂/∂x of the first entry, g_xy = ∂/∂y of it, and so on.",
  ],
  "ex12-2": [
    "Newton's step jumps to the minimum of the local quadratic model: slope divided by curvature.",
    "x − f′(x)/f″(x) with f′(x) = 4x³ − 6x and f″(x) = 12x² − 6.",
  ],
  "ex13-1": [
    "Forward pass first (u, v, f); then go backwards from f̄ = 1. A variable used twice collects a contribution from each use.",
    "v̄ = 2v, ū = v̄; ā = b·ū; b̄ = a·ū + v̄.",
  ],
  "ex13-2": [
    "Evaluate f once at x and reuse that value; then move one input at a time by h.",
    "∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x)) / h, with eᵢ the i-th unit vector; n + 1 calls in all.",
  ],
  "ex13-3": [
    "The derivative of eᵃ is eᵃ itself, which the output node already holds; then the chain rule, and add into a's gradient.",
    "ā += e^a · out.grad, where e^a is out.data.",
  ],
  "ex13-4": [
    "Replace the recursion by a stack of your own: push a node, push its unvisited children, and list a node once all its children are listed.",
    "Keep pairs (node, next child index) on a stack; when a node has no child left to visit, pop it and append it to the order; a seen-set lists each node once.",
  ],
  "ex14-1": [
    "Compare component by component, scale each difference by the size of the two values, keep the worst; a floor keeps 0/0 away.",
    "max over i of |aᵢ − bᵢ| / max(|aᵢ|, |bᵢ|, 10⁻⁸) (CS231n's scale).",
  ],
  "ex14-2": [
    "How big the step was, relative to how big the weights are.",
    "‖W_after − W_before‖ / ‖W_before‖ with the Euclidean norm over all entries.",
  ],
  "ex15-1": [
    "Differentiate one sample's loss with respect to its logit; σ′ = σ(1 − σ) makes it collapse; the mean divides by n.",
    "∂L/∂zᵢ = (σ(zᵢ) − tᵢ) / n.",
  ],
  "ex15-2": [
    "Every parameter entry moves against its own gradient entry, scaled by the learning rate, in place.",
    "θ ← θ − lr · ∂L/∂θ, for every entry of every parameter.",
  ],
  "ex15-3": [
    "A training loop repeats three things per step: compute the loss and gradients, remember the loss, move every parameter entry against its gradient.",
    "At each of the steps: L = lossAndGrads(), L appended to the list of losses, then θ ← θ − lr · ∂L/∂θ for every entry of every parameter. The answer is the list of losses.",
  ],
  "ex90-1": ["The product rule: differentiate each factor in turn.", "(u·v)′ = u′·v + u·v′ with u = x and v = sin x."],
  "ex90-2": ["A secant's slope is rise over run between its two points.", "(f(b) − f(a)) / (b − a)."],
  "ex90-3": [
    "The tangent's slope is the derivative at x0, and the line passes through (x0, f(x0)).",
    "slope = 2·x0; intercept = f(x0) − slope·x0.",
  ],
});

const failures = new Map<string, number>();

function tiersOf(id: string): readonly [string, string] {
  const tiers = HINTS[id];
  if (!tiers)
    throw new RangeError(
      `no hints for exercise ${JSON.stringify(id)}; exercise ids look like "ex06-1" (${Object.keys(HINTS).length} known)`,
    );
  return tiers;
}

/** The hint of `tier` (1: the idea, 2: the formula) for exercise `id`, as text. */
export function hintText(id: string, tier: 1 | 2 = 1): string {
  if (typeof id !== "string" || id === "") throw new TypeError(`hintText: id must be an exercise id such as "ex06-1"; got ${show(id)}`);
  if (tier !== 1 && tier !== 2) throw new RangeError(`hint tier must be 1 (the idea) or 2 (the formula); got ${String(tier)}`);
  const [idea, formula] = tiersOf(id);
  return tier === 1 ? idea : formula;
}

/**
 * Prints a hint for exercise `id`: tier 1 is the idea, tier 2 the formula.
 * @example hint("ex06-1") // the idea; hint("ex06-1", 2) // the formula
 */
export function hint(id: string, tier: 1 | 2 = 1): void {
  if (typeof id !== "string" || id === "") throw new TypeError(`hint: id must be an exercise id such as "ex06-1"; got ${show(id)}`);
  console.log(wrapText(`Hint for ${id} (${tier === 1 ? "the idea" : "the formula"}): ${hintText(id, tier)}`));
  if (tier === 1) console.log(`For the formula: hint("${id}", 2)`);
}

/** The hint a failing check shows: the idea on the first failure of an exercise, the formula afterwards. */
export function failureHint(id: string): string {
  if (typeof id !== "string" || id === "") throw new TypeError(`failureHint: id must be an exercise id such as "ex06-1"; got ${show(id)}`);
  tiersOf(id);
  const count = (failures.get(id) ?? 0) + 1;
  failures.set(id, count);
  if (count === 1) return `Hint: ${hintText(id, 1)} (If you are stuck after trying that: hint("${id}", 2) shows the formula.)`;
  return `Hint (the formula): ${hintText(id, 2)}`;
}

/** Forgets how often each exercise failed (for tests). */
export function resetHintTiers(): void {
  failures.clear();
}
