"""Réglages communs des tests."""

import os

# Les noyaux CPU « portables » de torch, fixés avant tout import de torch : ses noyaux
# vectorisés fusionnent les multiplications-additions (FMA), et sur une trajectoire chaotique
# (réseau tanh avec momentum) un écart d'un ulp grandit jusqu'à séparer les trajectoires.
os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import LeastSquares, TanhNetwork, linear_example  # noqa: E402


@pytest.fixture
def least_squares():
    return LeastSquares(*linear_example())


@pytest.fixture
def tanh_net():
    return TanhNetwork(*linear_example())


@pytest.fixture(params=["least_squares", "tanh"])
def objective(request):
    X, y = linear_example()
    return LeastSquares(X, y) if request.param == "least_squares" else TanhNetwork(X, y)


def finite_difference_grad(f, w, h=1e-6):
    """Gradient par différences finies centrées, composante par composante."""
    w = np.asarray(w, dtype=float)
    g = np.zeros_like(w)
    for k in range(w.shape[-1]):
        e = np.zeros(w.shape[-1])
        e[k] = h
        g[..., k] = (f(w + e) - f(w - e)) / (2 * h)
    return g
