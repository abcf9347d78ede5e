// Bad input to lib/optim: every optimizer's options and step argument, the schedules, the
// learning-rate finder, the minibatch batcher, gradientDescent, the test problems and the
// divergence helpers. Each bad value gets a clear error naming the argument as the caller wrote it.
import * as optim from "../../lib/optim";
import { tf } from "../../lib/tf";
import { param } from "../../lib/util/params";
import { at } from "../../lib/util/array";
import { createRng } from "../../lib/random";
import { badInputTable, type Argument } from "./bad-input";

const O = optim as unknown as Record<string, (...args: unknown[]) => unknown>;
const arg = (name: string, call: (bad: unknown) => unknown, ...valid: string[]): Argument => ({ name, call, valid });
const positive = ["a number", "a fraction"];
const unit = ["undefined"]; // a coefficient in [0, 1): none of the bad values but 0.x fractions, which the table has not
const fixedOrSchedule = [...positive, "a function"];

/** An options argument whose required fields are missing: the error names the first of them. */
const options = (call: (bad: unknown) => unknown, required: string, ...valid: string[]): Argument => ({
  name: "options",
  call,
  valid,
  mentions: new RegExp(`options|${required}`),
});

/** An optimizer's rows: options itself, each field (valid labels besides undefined), and step(params). */
function optimizer(name: string, fields: Record<string, string[]>, required = true): Argument[] {
  const base = { learningRate: 0.1 };
  const make = (options: unknown) => O[name]!(options) as optim.Optimizer;
  return [
    options(make, "learningRate", ...(required ? [] : ["undefined", "an empty object"])),
    ...Object.entries(fields).map(([field, valid]) => arg(field, (b) => make({ ...base, [field]: b }), ...valid)),
    arg("params", (b) => make(base).step(b as never), "an empty array"),
    { name: "params[0]", call: (b) => make(base).step([b] as never), mentions: /step: params\[0\]/ },
  ];
}

const schedule = (name: string, good: Record<string, unknown>, fields: Record<string, string[]>): Argument[] => [
  options((b) => O[name]!(b), Object.keys(good).join("|")),
  ...Object.entries(fields).map(([field, valid]) => arg(field, (b) => O[name]!({ ...good, [field]: b }), ...valid)),
];

/** One parameter w = 3 and the loss w² with its gradient 2w: the valid problem of the rows below. */
const squareProblem = () => {
  const w = param("w", [1], [3]);
  const lossAndGrad = () => {
    const v = at(w.value, 0, "w");
    w.grad[0] = 2 * v;
    return v ** 2;
  };
  return { params: [w], lossAndGrad };
};
const lrFinderGood = () => ({
  ...squareProblem(),
  makeOptimizer: (lr: optim.Schedule) => optim.sgd({ learningRate: lr }),
  steps: 6,
});
const hintGood = { reason: "loss-growth", optimizer: "sgd", learningRate: 0.5, curvature: 10 };
const minimizeGood = () => ({ ...squareProblem(), optimizer: optim.sgd({ learningRate: 0.1 }), maxSteps: 3 });
const tfjsGood = () => ({ fTf: (x: tf.Tensor) => x.square(), x0: [1], optimizer: tf.train.sgd(0.1), steps: 2 });
const gdGood = { f: (x: number) => x * x, grad: (x: number) => 2 * x, x0: 1, lr: 0.1, steps: 3 };
const gdRun = optim.gradientDescent(gdGood);

const table: Record<string, Argument[]> = {
  sgd: optimizer("sgd", { learningRate: fixedOrSchedule }),
  momentum: optimizer("momentum", { learningRate: fixedOrSchedule, momentum: unit, useNesterov: ["undefined", "a boolean"] }),
  nesterov: optimizer("nesterov", { learningRate: fixedOrSchedule, momentum: unit }),
  adagrad: optimizer("adagrad", { learningRate: fixedOrSchedule, initialAccumulatorValue: ["undefined", ...positive] }),
  rmsprop: optimizer("rmsprop", {
    learningRate: fixedOrSchedule,
    decay: unit,
    momentum: unit,
    epsilon: ["undefined", ...positive],
    centered: ["undefined", "a boolean"],
  }),
  adam: optimizer(
    "adam",
    { learningRate: ["undefined", ...fixedOrSchedule], beta1: unit, beta2: unit, epsilon: ["undefined", ...positive] },
    false,
  ),
  stepDecay: schedule(
    "stepDecay",
    { initial: 0.1, every: 10 },
    { initial: positive, factor: ["undefined", ...positive], every: ["a number"] },
  ),
  exponentialDecay: schedule(
    "exponentialDecay",
    { initial: 0.1, rate: 0.5 },
    { initial: positive, rate: positive, decaySteps: ["undefined", "a number"] },
  ),
  cosineDecay: schedule(
    "cosineDecay",
    { initial: 0.1, totalSteps: 10 },
    { initial: positive, totalSteps: ["a number"], final: ["undefined"] },
  ),
  warmup: schedule("warmup", { steps: 5, then: 0.1 }, { steps: ["a number"], then: fixedOrSchedule }),
  sampleSchedule: [
    arg("schedule", (b) => O.sampleSchedule!(b, 3), "a function"),
    arg("n", (b) => O.sampleSchedule!(() => 0.1, b), "a number"),
  ],
  findLearningRate: [
    options((b) => O.findLearningRate!(b), "params"),
    ...(
      [
        ["params", []],
        ["lossAndGrad", ["a function"]],
        ["makeOptimizer", []],
        ["minLr", ["undefined", ...positive]],
        ["maxLr", ["undefined", "a number", "a fraction"]],
        ["steps", ["undefined", "a number"]],
        ["smoothing", ["undefined"]],
        ["stopFactor", ["undefined", ...positive]],
      ] as const
    ).map(([field, valid]) => arg(field, (b) => O.findLearningRate!({ ...lrFinderGood(), [field]: b }), ...valid)),
  ],
  createBatcher: [
    options((b) => O.createBatcher!(b), "numSamples"),
    ...(
      [
        ["numSamples", ["a number"]],
        ["batchSize", ["a number"]],
        ["shuffle", ["undefined", "a boolean"]],
        ["dropLast", ["undefined", "a boolean"]],
        ["rng", []],
      ] as const
    ).map(([field, valid]) =>
      arg(field, (b) => O.createBatcher!({ numSamples: 100, batchSize: 10, rng: createRng(1), [field]: b }), ...valid),
    ),
  ],
  quadraticBowl: [
    arg("options", (b) => O.quadraticBowl!(b), "undefined", "an empty object"),
    arg("a", (b) => O.quadraticBowl!({ a: b }), "undefined", ...positive),
    arg("b", (b) => O.quadraticBowl!({ b }), "undefined", ...positive),
  ],
  rosenbrock: [
    arg("options", (b) => O.rosenbrock!(b), "undefined", "an empty object"),
    arg("a", (b) => O.rosenbrock!({ a: b }), "undefined", ...positive),
    arg("b", (b) => O.rosenbrock!({ b }), "undefined", ...positive),
  ],
  stableLimit: [arg("curvature", (b) => O.stableLimit!(b), ...positive), arg("momentum", (b) => O.stableLimit!(1, b), "undefined")],
  curvatureAlongStep: ["theta0", "theta1", "g0", "g1"].map((name, k) =>
    arg(name, (b) => O.curvatureAlongStep!(...[[0], [1], [0], [2]].map((v, i) => (i === k ? b : v)))),
  ),
  divergenceHint: [
    { name: "input", call: (b) => O.divergenceHint!(b), mentions: /input|optimizer/ },
    ...(
      [
        ["optimizer", ["a string", "an empty string"]],
        ["learningRate", positive],
        ["curvature", ["undefined", ...positive]],
      ] as const
    ).map(([field, valid]) => arg(field, (b) => O.divergenceHint!({ ...hintGood, [field]: b }), ...valid)),
  ],
  minimize: [
    options((b) => O.minimize!(b), "params"),
    ...(
      [
        ["params", []],
        ["lossAndGrad", ["a function"]],
        ["optimizer", []],
        ["maxSteps", ["undefined", "a number"]],
        ["tolerance", ["undefined", ...positive]],
        ["maxLossGrowth", ["undefined", "a number", "a fraction"]],
        ["record", ["undefined"]],
        ["label", ["undefined", "an empty string", "a string"]],
      ] as const
    ).map(([field, valid]) => arg(field, (b) => O.minimize!({ ...minimizeGood(), [field]: b }), ...valid)),
  ],
  showHistory: [
    arg("result", (b) => O.showHistory!(b)),
    arg("options", (b) => O.showHistory!(gdRun, b), "undefined", "an empty object"),
    arg("rows", (b) => O.showHistory!(gdRun, { rows: b }), "undefined", "a number"),
  ],
  descentPlot: [
    options((b) => O.descentPlot!(b), "f"),
    arg("f", (b) => O.descentPlot!({ f: b, path: [1, 0.5] }), "a function"),
    arg("path", (b) => O.descentPlot!({ f: (x: number) => x * x, path: b })),
  ],
  tfjsTrajectory: [
    options((b) => O.tfjsTrajectory!(b), "fTf"),
    arg("x0", (b) => O.tfjsTrajectory!({ ...tfjsGood(), x0: b })),
    arg("steps", (b) => O.tfjsTrajectory!({ ...tfjsGood(), steps: b }), "a number"),
  ],
  crossCheckOptimizer: [options((b) => O.crossCheckOptimizer!(b), "name")],
  lossDivergence: [
    arg("loss", (b) => O.lossDivergence!(b, 1), "NaN", "Infinity", "-Infinity", "a number", "a negative number", "a fraction"),
    arg("startLoss", (b) => O.lossDivergence!(1, b), "a number", "a negative number", "a fraction"),
    arg("maxLossGrowth", (b) => O.lossDivergence!(1, 1, b), "undefined", "a number", "a fraction"),
  ],
};

badInputTable("lib/optim", optim, table, {
  BaseOptimizer: "an abstract class; its constructor and step are attacked through every optimizer's rows",
  resolveLearningRate: "internal: the learningRate check every optimizer row goes through",
  gradientDescent: "its rows are in the gradient-descent table below",
  thinIndices: "its rows are in the gradient-descent table below",
});

// gradientDescent and thinIndices: an explicit steps = null is an error naming steps (only a
// missing steps takes the default 100), and thinIndices checks n as it checks maxPoints.
badInputTable(
  "lib/optim/gradient-descent",
  { gradientDescent: optim.gradientDescent, thinIndices: optim.thinIndices },
  {
    gradientDescent: [
      options((b) => O.gradientDescent!(b), "f"),
      ...(
        [
          ["f", ["a function"]],
          ["grad", ["a function"]],
          ["x0", ["a number", "a negative number", "a fraction"]],
          ["lr", ["undefined", ...fixedOrSchedule]],
          ["steps", ["undefined", "a number"]],
          ["tolerance", ["undefined", ...positive]],
          ["maxLossGrowth", ["undefined", "a number", "a fraction"]],
        ] as const
      ).map(([field, valid]) => arg(field, (b) => O.gradientDescent!({ ...gdGood, [field]: b }), ...valid)),
    ],
    thinIndices: [arg("n", (b) => O.thinIndices!(b, 5), "a number"), arg("maxPoints", (b) => O.thinIndices!(10, b), "a number")],
  },
  {},
);
