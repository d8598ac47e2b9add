#!/usr/bin/python3
"""scikit-learn's LogisticRegression(lbfgs) on exactly the design the Java fit sees.

The design is written by the Java harness (bench module, FitBenchmark ... DUMPFILE): little-endian
int n, int p, n doubles y, n*p float32 (row-major). The objective is the one the Java side minimises,
sum_i log(1 + exp(-y_i (a_i w + b))) + (lambda/2)||w||^2 with an unpenalised bias, i.e. C = 1/lambda
(scikit-learn minimises C times it). Prints the fit wall and CPU seconds, the iteration count, the
objective and the Euclidean gradient norm of that sum objective at the returned point, for each tol.
Usage: /usr/bin/python3 sklearn_fit.py DUMPFILE [lambda] [tol ...]  (default tols: 1e-8, 1e-4 = default)
"""
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def load(path):
    with open(path, "rb") as f:
        n, p = np.frombuffer(f.read(8), dtype="<i4")
        y = np.frombuffer(f.read(8 * n), dtype="<f8").copy()
        a = np.frombuffer(f.read(4 * n * p), dtype="<f4").reshape(n, p)
    return a.astype(np.float64), y


def objective(a, y, w, b, lam):
    z = a @ w + b
    m = y * z
    loss = np.sum(np.logaddexp(0.0, -m))
    r = -y / (1.0 + np.exp(m))
    g = np.concatenate([a.T @ r + lam * w, [np.sum(r)]])
    return loss + 0.5 * lam * (w @ w), np.linalg.norm(g)


def main():
    path = sys.argv[1]
    lam = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
    tols = [float(t) for t in sys.argv[3:]] or [1e-8, 1e-4]
    a, y = load(path)
    r0 = -y / 2.0
    g0 = np.linalg.norm(np.concatenate([a.T @ r0, [np.sum(r0)]]))
    print(f"design n={a.shape[0]} p={a.shape[1]} gradnorm_at_zero={g0:.6e}", flush=True)
    for tol in tols:
        for rep in range(2):
            clf = LogisticRegression(C=1.0 / lam, tol=tol, max_iter=100000)
            c0, t0 = time.process_time(), time.time()
            clf.fit(a, y)
            wall, cpu = time.time() - t0, time.process_time() - c0
            f, gn = objective(a, y, clf.coef_.ravel(), clf.intercept_[0], lam)
            print(f"sklearn tol={tol:g} rep={rep} fit_wall={wall:.3f} fit_cpu={cpu:.3f} iter={clf.n_iter_[0]}"
                  f" objective={f:.12g} gradnorm={gn:.3e} rel_gradnorm={gn / g0:.2e}", flush=True)


if __name__ == "__main__":
    main()
