#!/usr/bin/python3
"""Reference timing: the 'obvious' numpy + scikit-learn implementation of one trial.

Same sizes as TrialBenchmark (L=10, R=1, pi=0.5, theta=5, logistic, lambda=0.01, beta=10,
eta=0.5, alpha0=2, alpha1=4). The ridge (lambda/2)||w||^2 on features phi/sqrt(d) maps to
scikit-learn's C = 1/lambda with X = phi/sqrt(d) (bias unpenalised with lbfgs... note:
LogisticRegression's lbfgs does not penalise the intercept). Test error on 250000 fresh
samples drawn in full dimension in blocks (numpy has no exact low-dimensional shortcut in
the obvious implementation). Usage: python3 sklearn_compare.py [attention|pooled|vectorized] [d] [trials]
"""
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

L, R, PI, THETA, LAM, BETA, ETA, ALPHA0, ALPHA1 = 10, 1, 0.5, 5.0, 0.01, 10.0, 0.5, 2.0, 4.0
TEST = 250_000


def sample(rng, n, d, xi):
    y = np.where(rng.random(n) < PI, 1.0, -1.0)
    X = rng.standard_normal((n, L, d))
    pos = np.flatnonzero(y > 0)
    for i in pos:
        S = rng.choice(L, R, replace=False)
        X[i, S, :] += THETA * xi
    return X, y


def lprime(y, x):  # logistic derivative in the prediction
    return -y / (1.0 + np.exp(y * x))


def features(model, X, q):
    if model == "pooled":
        return X.mean(axis=1)
    if model == "vectorized":
        return X.reshape(X.shape[0], -1)
    s = BETA * np.einsum("nld,d->nl", X, q)
    s -= s.max(axis=1, keepdims=True)
    a = np.exp(s)
    a /= a.sum(axis=1, keepdims=True)
    return np.einsum("nl,nld->nd", a, X)


def trial(model, d, seed):
    rng = np.random.default_rng(seed)
    xi = rng.standard_normal(d)
    xi /= np.linalg.norm(xi)
    q = None
    if model == "attention":
        n0 = int(round(ALPHA0 * d))
        X0, y0 = sample(rng, n0, d, xi)
        b1 = -ETA * np.mean(lprime(y0, 0.0))
        xbar = X0.mean(axis=1)
        w1 = -ETA * (lprime(y0, b1)[:, None] * xbar).mean(axis=0)
        yhat1 = xbar @ w1 + b1
        u = np.einsum("nld,d->nl", X0, w1)
        ubar = xbar @ w1
        v = np.einsum("nl,nld->nd", u - ubar[:, None], X0 - xbar[:, None, :])
        q = -(ETA * BETA / L) * (lprime(y0, yhat1)[:, None] * v).mean(axis=0)
        del X0
    n1 = int(round(ALPHA1 * d))
    X1, y1 = sample(rng, n1, d, xi)
    F = features(model, X1, q) / np.sqrt(d)
    del X1
    clf = LogisticRegression(C=1.0 / LAM, tol=1e-8, max_iter=10000)
    t_fit = time.time()
    clf.fit(F, y1)
    t_fit = time.time() - t_fit
    t_test = time.time()
    err = 0
    block = 5000 if model != "vectorized" else 2000
    for s in range(0, TEST, block):
        Xt, yt = sample(rng, min(block, TEST - s), d, xi)
        pred = clf.decision_function(features(model, Xt, q) / np.sqrt(d))
        err += np.sum(yt * pred <= 0)
    return err / TEST, t_fit, time.time() - t_test


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "attention"
    d = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    for t in range(trials):
        t0 = time.time()
        e, t_fit, t_test = trial(model, d, t)
        print(f"{model} d={d} trial={t} seconds={time.time() - t0:.2f} (fit {t_fit:.2f}, test draws {t_test:.2f})"
              f" test_error={e:.4f}", flush=True)


if __name__ == "__main__":
    main()
