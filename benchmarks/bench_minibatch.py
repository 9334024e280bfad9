"""Vitesse du chapitre 7 : l'explorateur des mini-lots et la boucle des époques.

1. Une mise à jour en direct de ``MiniBatchExplorer`` (canevas Agg) : le curseur « pas η »
   déplacé d'un cran, plusieurs fois (les axes ne bougent pas : recalcul de l'entraînement,
   puis blitting des courbes), avec des lots de 16 puis de 1 (20 époques : 460 et 7 080
   itérations) ; médianes, et la part du calcul (``minibatch_sgd`` seul, même réglage).
2. 100 époques de lots de 1 sur l'entraînement « diabète » (35 400 itérations) :
   ``minibatch_sgd`` contre une boucle Python écrite ici, exemple par exemple, de la même mise
   à jour z ← z − 2η (z·x_i − y_i) x_i dans le même ordre ; médianes et rapport mesurés dans la
   même exécution, et l'écart entre les deux trajectoires.

Lancer : ``make bench`` ou ``python benchmarks/bench_minibatch.py``.
"""

import math
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from course_utils import LeastSquares  # noqa: E402
from course_utils.datasets import (  # noqa: E402
    diabetes,
    standardize,
    train_validation_split,
    with_bias_column,
)
from course_utils.minibatch import batch_order, minibatch_sgd  # noqa: E402
from course_utils.widgets import MiniBatchExplorer  # noqa: E402


def chapter_problem():
    """Les pertes d'entraînement et de validation du chapitre 7."""
    X, y = diabetes()
    X_train, X_val, y_train, y_val = train_validation_split(X, y, validation=0.2, seed=0)
    S, shift, scale = standardize(X_train)
    F = LeastSquares(with_bias_column(S), y_train)
    F_val = LeastSquares(with_bias_column((X_val - shift) / scale), y_val)
    return F, F_val


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_explorer(F, F_val, batch_size, moves):
    """Médiane d'une mise à jour : le curseur η déplacé d'un cran (×10^0,01), ``moves`` fois ;
    et, pour les mêmes pas, médianes de ses deux calculs : l'entraînement (``minibatch_sgd``)
    et les pertes d'entraînement et de validation en chacun de ses points."""
    e = MiniBatchExplorer(F, F_val, eta=0.01, epochs=20, batch_size=batch_size)
    etas = 0.01 * 10 ** (0.01 * np.arange(1, moves + 1))
    draws = []
    e.figure.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    times = []
    for eta in etas:
        t0 = time.perf_counter()
        e.controls["eta"].value = float(eta)
        times.append(time.perf_counter() - t0)
    assert f"b = {batch_size} :" in e.status and not draws  # blitting seulement
    compute, losses = [], []
    for eta in etas:
        t0 = time.perf_counter()
        Z = minibatch_sgd(F, np.zeros(F.d), float(eta), 20, batch_size, seed=0)
        t1 = time.perf_counter()
        F.value(Z), F_val.value(Z)
        compute.append(t1 - t0)
        losses.append(time.perf_counter() - t1)
    return statistics.median(times), statistics.median(compute), statistics.median(losses)


def plain_loop(F, w0, eta, epochs, seed):
    """La SGD à lots de 1, exemple par exemple, écrite le plus simplement : le même ordre que
    ``minibatch_sgd`` (``batch_order`` avec la même graine), la même mise à jour."""
    X, y = F.X, F.y
    w = np.array(w0, dtype=float)
    points = [w]
    for lot in batch_order(F.n, epochs, 1, seed=seed):
        i = lot[0]
        w = w - eta * 2 * (X[i] @ w - y[i]) * X[i]
        points.append(w)
    return np.array(points)


def main(moves=25, repeat=5, epochs=100):
    F, F_val = chapter_problem()
    print(f"Chapitre 7 : {F.n} patients d'entraînement, d = {F.d}.")
    print("1. Une mise à jour de MiniBatchExplorer (curseur η, canevas Agg, 20 époques), "
          f"médiane de {moves} :")
    for b in (16, 1):
        update, compute, losses = time_explorer(F, F_val, b, moves)
        per_epoch = math.ceil(F.n / b)
        rest = update - compute - losses
        print(f"   b = {b:2d} ({20 * per_epoch:5d} itérations) : {update * 1e3:6.1f} ms, dont "
              f"entraînement {compute * 1e3:5.1f} ms, pertes en chaque point "
              f"{losses * 1e3:5.1f} ms, dessin et ligne d'état {rest * 1e3:5.1f} ms")

    z0 = np.zeros(F.d)
    eta = 0.003
    library = median_time(lambda: minibatch_sgd(F, z0, eta, epochs, 1, seed=0), repeat)
    plain = median_time(lambda: plain_loop(F, z0, eta, epochs, 0), repeat)
    gap = np.max(np.abs(minibatch_sgd(F, z0, eta, epochs, 1, seed=0)
                        - plain_loop(F, z0, eta, epochs, 0)))
    U = epochs * F.n
    print(f"2. {epochs} époques de lots de 1 ({U} itérations), médiane de {repeat} :")
    print(f"   minibatch_sgd                      : {library * 1e3:7.1f} ms "
          f"({library / U * 1e6:.2f} µs par itération)")
    print(f"   boucle Python exemple par exemple  : {plain * 1e3:7.1f} ms "
          f"({plain / U * 1e6:.2f} µs par itération)")
    print(f"   rapport bibliothèque / boucle simple : {library / plain:.2f} ; "
          f"écart maximal entre les trajectoires : {gap:.1e}")
    return library, plain


if __name__ == "__main__":
    sys.exit(main() and 0)
