"""The micrograd demo workload (karpathy/micrograd demo.ipynb) on the PyPI package `micrograd`,
on points given in a JSON file, so that it trains on exactly the data gradlab's scalar engine uses.

Usage: python micrograd_demo.py DATA.json
DATA.json: {"X": [[x1, x2], ...], "y": [-1 | 1, ...], "steps": 100, "alpha": 1e-4, "seed": 1337,
            "sizes": [16, 16, 1], "path": "<folder holding the micrograd package>"}
Prints one JSON object per line on stdout: {"step": k, "loss": ..., "accuracy": ...} every 10 steps,
then {"result": {"loss", "accuracy", "parameters", "seconds", "python", "micrograd"}}.
The timed part is what the demo notebook's cells do: build the model, then the training loop.
"""
import json
import random
import sys
import time


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    sys.path.insert(0, spec["path"])
    from importlib.metadata import version
    from micrograd.engine import Value
    from micrograd.nn import MLP

    X, y = spec["X"], spec["y"]
    steps, alpha = spec["steps"], spec["alpha"]
    # micrograd draws its initial weights from Python's `random`; the seed makes a run repeatable,
    # but these are not the weights gradlab draws from its own generator.
    random.seed(spec["seed"])

    start = time.perf_counter()
    model = MLP(2, spec["sizes"])

    def loss():
        # as in demo.ipynb: inputs wrapped as Values, SVM max-margin loss, L2 regularization
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = alpha * sum((p * p for p in model.parameters()))
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    for k in range(steps):
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / steps
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        if k % 10 == 0 or k == steps - 1:
            print(json.dumps({"step": k, "loss": total_loss.data, "accuracy": acc}), flush=True)
    seconds = time.perf_counter() - start
    result = {
        "loss": total_loss.data,
        "accuracy": acc,
        "parameters": len(model.parameters()),
        "seconds": seconds,
        "python": sys.version.split()[0],
        "micrograd": version("micrograd"),
    }
    print(json.dumps({"result": result}), flush=True)


if __name__ == "__main__":
    main()
