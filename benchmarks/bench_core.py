"""Évaluer F sur une grille 401×401 : un appel vectorisé contre une boucle Python point par point.

Les deux mesures sont faites dans la même exécution (les machines sont bruyantes) ; on affiche
les deux médianes et leur rapport. Lancer : ``make bench`` ou ``python benchmarks/bench_core.py``.
"""

import statistics
import time

import numpy as np

from course_utils import LeastSquares, TanhNetwork, linear_example


def median_time(fn, repeat, *args):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def vectorized(objective, W):
    """F sur toute la grille en un appel."""
    return objective.value(W)


def point_by_point(objective, W):
    """F point par point, par une boucle Python."""
    out = np.empty(W.shape[:2])
    for r in range(W.shape[0]):
        for c in range(W.shape[1]):
            out[r, c] = objective.value(W[r, c])
    return out


def main(resolution=401):
    X, y = linear_example()
    a = np.linspace(-8, 8, resolution)
    W = np.stack(np.meshgrid(a, a), axis=-1)  # (401, 401, 2)
    print(f"Grille {resolution}×{resolution} = {resolution * resolution} points")
    for objective in (LeastSquares(X, y), TanhNetwork(X, y)):
        np.testing.assert_allclose(vectorized(objective, W), point_by_point(objective, W),
                                   rtol=1e-12)  # même résultat
        t_vec = median_time(vectorized, 15, objective, W)
        t_loop = median_time(point_by_point, 3, objective, W)
        print(f"{objective.name:>16} : vectorisé {t_vec * 1e3:8.2f} ms | "
              f"boucle {t_loop * 1e3:9.1f} ms | rapport boucle/vectorisé ×{t_loop / t_vec:,.0f}")

if __name__ == "__main__":
    main()
