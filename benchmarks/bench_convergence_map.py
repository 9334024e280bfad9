"""Vitesse de la carte de convergence (``ConvergenceMap``), côté noyau, à côté de l'explorateur.

Mesures de la même exécution, sur les moindres carrés du cours :

- mise à jour de l'explorateur seul : changer α sur un ``Explorer(method="heavy_ball")``
  (recalcul de la trajectoire, blitting) ;
- mise à jour de la carte : le même changement de α quand la carte est reliée à l'explorateur
  (l'explorateur, puis le marqueur de la carte par blitting) ; et le marqueur seul ;
- un clic sur la carte : les deux curseurs de l'explorateur changent ensemble, l'explorateur
  recalcule, le marqueur suit ;
- recalcul de la carte : toutes les vitesses ρ(η, α) de la grille (320 × 199) d'un seul appel
  vectorisé, l'image, les courbes de niveau, puis un dessin complet.

On affiche les médianes, sur canevas Agg et sur canevas ipympl (comme dans un noyau dont le
navigateur est connecté : chaque image est encodée en PNG et envoyée par le comm du widget).
"""

import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
from matplotlib.backend_bases import MouseEvent  # noqa: E402

from course_utils import LeastSquares, linear_example  # noqa: E402
from course_utils.analysis import heavy_ball_rate  # noqa: E402
from course_utils.widgets import ConvergenceMap, Explorer  # noqa: E402


def median_ms(action, values):
    times = []
    for v in values:
        t0 = time.perf_counter()
        action(v)
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def measure(F, n):
    alphas = np.round(np.linspace(0.05, 0.9, n), 2)
    alone = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30)
    explorer_ms = median_ms(lambda a: setattr(alone.controls["alpha"], "value", float(a)), alphas)

    e = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30)
    m = ConvergenceMap(F, explorer=e)
    linked_ms = median_ms(lambda a: setattr(e.controls["alpha"], "value", float(a)), alphas[::-1])
    def marker(a):
        m._alpha = -1.0  # le marqueur se redessine même si α n'a pas changé
        m._on_explorer({"new": a})

    marker_ms = median_ms(marker, alphas)

    m.figure.canvas.draw()
    rng = np.random.default_rng(0)
    points = [m.map_axes.transData.transform((rng.uniform(0.05, 0.9), rng.uniform(0, 0.9)))
              for _ in range(n)]

    def click(p):
        m.figure.canvas.callbacks.process(
            "button_press_event",
            MouseEvent("button_press_event", m.figure.canvas, p[0], p[1], button=1))

    click_ms = median_ms(click, points)
    rates_ms = median_ms(lambda _: heavy_ball_rate(m.etas, m.alphas, m.eigenvalues), range(20))
    recompute_ms = median_ms(lambda _: m.set_grid(), range(max(3, n // 10)))
    return explorer_ms, linked_ms, marker_ms, click_ms, rates_ms, recompute_ms


def main(n=40):
    from course_utils import live_figure

    F = LeastSquares(*linear_example())
    rows = {"Agg": measure(F, n)}
    live_figure.in_kernel = lambda: True  # le canevas ipympl, sans navigateur
    rows["ipympl"] = measure(F, n)
    labels = ("explorateur seul : α change",
              "explorateur + carte : α change",
              "  dont le marqueur de la carte seul",
              "clic sur la carte (η et α, explorateur, marqueur)",
              "  vitesses ρ de la grille 320 × 199 (un appel)",
              "recalcul de la carte (vitesses, image, dessin complet)")
    print(f"{'médianes en ms':52s} {'Agg':>8s} {'ipympl':>8s}")
    for k, label in enumerate(labels):
        print(f"{label:52s} {rows['Agg'][k]:8.2f} {rows['ipympl'][k]:8.2f}")
    agg, web = rows["Agg"], rows["ipympl"]
    print(f"Rapports (ipympl) : marqueur / explorateur = {web[2] / web[0]:.2f} ; "
          f"recalcul de la carte / explorateur = {web[5] / web[0]:.1f}")
    return agg, web


if __name__ == "__main__":
    sys.exit(main() and 0)
