"""Vitesse de l'explorateur, côté noyau : une mise à jour par curseur contre un tracé complet.

- mise à jour : changer η sur un ``Explorer`` (recalcul de la trajectoire, blitting de ce qui
  bouge, canevas à jour au retour de l'appel) ;
- référence « façon 2019 » : nouvelle figure, grille calculée point par point, courbes de
  niveau redessinées, trajectoire tracée, rendu complet du canevas.

Les deux sont mesurées dans la même exécution ; on affiche les médianes et leur rapport
(objectifs : au moins ×10, moins de 15 ms). La partie navigateur est dans
``benchmarks/bench_browser.py``.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from benchmarks.ipympl_explorer import IpymplExplorer  # noqa: E402
from course_utils import LeastSquares, gradient_descent, linear_example  # noqa: E402
from course_utils.widgets import Explorer  # noqa: E402


def replot_2019_style(objective, eta, resolution=201):
    """Ce que faisait une cellule `interact` de 2019 à chaque mouvement de curseur."""
    fig = Figure(figsize=(10, 4.3), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax, axc = fig.subplots(1, 2)
    a = np.linspace(-8, 8, resolution)
    values = np.empty((resolution, resolution))
    for r, w2 in enumerate(a):  # point par point, comme le code d'origine
        for c, w1 in enumerate(a):
            values[r, c] = objective.value(np.array([w1, w2]))
    ax.contourf(a, a, values, levels=20)
    ax.contour(a, a, values, levels=20, colors="k", linewidths=0.3)
    Z = gradient_descent(objective, (-7, 7), eta, 20)
    ax.plot(Z[:, 0], Z[:, 1], "-o")
    axc.semilogy(objective.value(Z))
    canvas.draw()
    return canvas


def time_updates(explorer, etas):
    times = []
    for eta in etas:
        t0 = time.perf_counter()
        explorer.controls["eta"].value = float(eta)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_replots(objective, etas):
    times = []
    for eta in etas:
        t0 = time.perf_counter()
        replot_2019_style(objective, float(eta))
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(n_updates=100, n_replots=5):
    from course_utils import live_figure

    F = LeastSquares(*linear_example())
    etas = np.geomspace(0.05, 0.45, n_updates)
    agg = time_updates(Explorer(F, eta=0.1, T=20), etas)
    # L'explorateur ipympl d'avant l'issue #16, comme dans un noyau dont le navigateur est
    # connecté : chaque mise à jour encode aussi l'image (PNG) et l'envoie par le comm du widget.
    live_figure.in_kernel = lambda: True
    e = IpymplExplorer(F, eta=0.1, T=20)
    e.figure.canvas.syncing_data_url = False
    update = time_updates(e, etas)
    replot = time_replots(F, etas[:n_replots])
    print(f"Mise à jour, explorateur (numpy, points envoyés au navigateur ; médiane de "
          f"{n_updates}) : {agg * 1e3:7.2f} ms")
    print(f"Mise à jour, explorateur ipympl d'avant (médiane de {n_updates}) : "
          f"{update * 1e3:7.2f} ms")
    print(f"Tracé complet façon 2019    (médiane de {n_replots})   : {replot * 1e3:7.1f} ms")
    print(f"Rapport (ipympl) : ×{replot / update:.0f} plus rapide (objectif ≥ ×10, < 15 ms : "
          f"{'atteint' if replot / update >= 10 and update < 0.015 else 'NON atteint'})")
    return update, replot


if __name__ == "__main__":
    sys.exit(main() and 0)
