// Bad input to the parts of lib/nn's activations, losses and initializers (sigmoid.f, mse.value,
// heNormal.sample, ...): each is public (a notebook calls sigmoid.f(2)), so each gets rows too.
// The per-entry functions f and df take any number, NaN and ±Infinity included, as Math.exp does.
import * as nn from "../../lib/nn";
import { tf } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { Matrix } from "../../lib/util/matrix";
import { badInputTable, positional, type Argument } from "./bad-input";

type Fn = (...args: unknown[]) => unknown;
const rows = (fn: Fn, good: () => unknown[], specs: string[]): Argument[] => positional(fn, good, specs);
const m = () => Matrix.from([[0.2, 0.8]]);
const t = () => tf.tensor2d([[0.2, 0.8]]);

const members: Record<string, unknown> = {};
const table: Record<string, Argument[]> = {};
const activations = { ...nn.ACTIVATIONS, identity: nn.identity } as Record<string, nn.ActivationFn>;
for (const [name, a] of Object.entries(activations)) {
  members[`${name}.f`] = a.f;
  members[`${name}.df`] = a.df;
  members[`${name}.fTf`] = a.fTf;
  table[`${name}.f`] = rows(
    (...x) => a.f(x[0] as number),
    () => [0.5],
    ["x:real"],
  );
  table[`${name}.df`] = rows(
    (...x) => a.df(x[0] as number),
    () => [0.5],
    ["x:real"],
  );
  table[`${name}.fTf`] = rows(
    (...x) => a.fTf(x[0] as tf.Tensor),
    () => [t()],
    ["x"],
  );
  if (a.fTape) {
    const fTape = a.fTape;
    members[`${name}.fTape`] = fTape;
    // a tape op takes a Tensor or a finite number (a scalar)
    table[`${name}.fTape`] = rows(
      (...x) => fTape(x[0] as never),
      () => [0.5],
      ["x:number"],
    );
  }
}
const losses = {
  mse: nn.mse,
  binaryCrossEntropy: nn.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: nn.binaryCrossEntropyWithLogits,
  softmaxCrossEntropy: nn.softmaxCrossEntropy,
};
for (const [name, l] of Object.entries(losses)) {
  for (const part of ["value", "grad"] as const) {
    members[`${name}.${part}`] = l[part];
    table[`${name}.${part}`] = rows(
      (...a) => l[part](a[0] as Matrix, a[1] as Matrix),
      () => [m(), m()],
      ["yHat", "y"],
    );
  }
  members[`${name}.fTf`] = l.fTf;
  table[`${name}.fTf`] = rows(
    (...a) => l.fTf(a[0] as tf.Tensor, a[1] as tf.Tensor),
    () => [t(), t()],
    ["yHat", "y"],
  );
}
const inits = {
  xavierNormal: nn.xavierNormal,
  xavierUniform: nn.xavierUniform,
  heNormal: nn.heNormal,
  heUniform: nn.heUniform,
  zerosInit: nn.zerosInit,
};
for (const [name, init] of Object.entries(inits)) {
  members[`${name}.sample`] = init.sample;
  table[`${name}.sample`] = rows(
    (...a) => init.sample(a[0] as number, a[1] as number, a[2] as never),
    () => [2, 3, createRng(1)],
    ["fanIn:count", "fanOut:count", "rng"],
  );
}

badInputTable("lib/nn activations, losses and initializers", members, table, {});
