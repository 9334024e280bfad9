"""La sonde de gradient : un point qu'on déplace, et la flèche de :math:`-\\nabla F` en ce point.

:class:`GradientProbe` (chapitre 1) se règle par deux curseurs ou d'un clic sur les courbes
de niveau ; sa ligne d'état donne F(w), ∇F(w) et sa norme, et, quand le gradient est presque
nul, la nature du point tout proche où il s'annule (minimum, maximum ou point selle, lue sur
la hessienne : :func:`course_utils.analysis.stationary_kind`). La figure est dessinée sur le
canevas ipympl de :class:`course_utils.live_figure.LiveFigure`. Elle s'importe aussi de
:mod:`course_utils.widgets`.
"""

import threading

import ipywidgets as widgets
import numpy as np

from ._checks import check_objective, check_point
from .analysis import stationary_kind
from .explorer_plot import locked
from .grids import grid_values, region_of
from .live_figure import PointFigure, start_sliders
from .plane import plot_contour
from .status import probe_status, refused

__all__ = ["GradientProbe"]


class GradientProbe(PointFigure):
    """Un point w sur les courbes de niveau, avec la flèche de :math:`-\\nabla F(w)`.

    Les curseurs ``controls["w1"]`` et ``controls["w2"]`` (ou un clic sur la figure) déplacent
    le point ; la flèche et la ligne d'état (F(w), ∇F(w), ‖∇F(w)‖) suivent. La longueur de la
    flèche est proportionnelle à ‖∇F(w)‖ (même échelle partout sur la figure).

    Paramètres
    ----------
    objective : un objectif à deux paramètres (w₁, w₂).
    w : le point de départ (w₁, w₂).
    region : None (celle de l'objectif) ou (w1_min, w1_max, w2_min, w2_max).
    resolution : int, points par côté de la grille des courbes de niveau.

    Attributs
    ---------
    controls, point, arrow (le ``Quiver`` de la flèche), figure, plane_axes, status, widget.
    """

    def __init__(self, objective, w=(-4.0, 5.0), region=None, resolution=201):
        # un dessin à la fois (voir ExplorerPlot.lock : comms traités dans plusieurs fils)
        self.lock = threading.RLock()
        self.objective = check_objective(objective, two_params=True)
        w = check_point("w", w, 2, batch=False)
        self.region = region_of(objective, region)
        self.controls = start_sliders(self.region, w, label="point")
        for key in ("w1", "w2"):
            self.controls[key].observe(self._on_control, names="value")
        fig = self._init_figure((6.2, 5.0))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.1, top=0.92)
        self._ax = ax
        plot_contour(ax, objective, self.region, resolution=resolution)
        ax.set_title("La flèche montre $-\\nabla F(\\mathbf{w})$ : la direction de la descente",
                     fontsize=10)
        # une seule échelle pour toute la figure : la norme médiane de ∇F sur la région donne
        # une flèche de 15 % de sa largeur
        W1, W2, _ = grid_values(objective, self.region, 41)
        norms = np.linalg.norm(objective.grad(np.stack([W1, W2], axis=-1)), axis=-1)
        span = self.region[1] - self.region[0]
        self._typical = float(np.median(norms))
        self._scale = self._typical / (0.15 * span)
        self._arrow = ax.quiver([w[0]], [w[1]], [0.0], [0.0], angles="xy", scale_units="xy",
                                scale=self._scale, color="#D55E00", width=0.012, zorder=6)
        (self._point,) = ax.plot([w[0]], [w[1]], "o", ms=9, mfc="white", mec="black", mew=1.5,
                                 zorder=7)
        self._animated = [self._arrow, self._point]
        self._start_drawing()
        self.widget = self._box([widgets.HBox([self.controls["w1"], self.controls["w2"]]),
                                 self._canvas_view(), self.status_widget],
                                "course-gradient-probe")
        self._update()

    @property
    def point(self):
        """Le point courant w, de forme (2,)."""
        return np.array([self.controls["w1"].value, self.controls["w2"].value])

    @property
    def arrow(self):
        """La flèche de :math:`-\\nabla F(w)` (un ``Quiver`` matplotlib d'une flèche)."""
        return self._arrow

    @locked
    def _on_control(self, change):
        if not self._suspended:
            self._update()

    def _moved_to(self, point):
        self._update()

    def _update(self):
        w = self.point
        if not np.isfinite(w).all():
            self._show_status(refused(
                "Le point doit avoir des coordonnées finies (ni NaN ni infini) ; valeur reçue : "
                f"({w[0]!r}, {w[1]!r})."))
            return
        g = self.objective.grad(w)
        self._arrow.set_offsets([w])
        self._arrow.set_UVC([-g[0]], [-g[1]])
        self._point.set_data([w[0]], [w[1]])
        # un gradient presque nul : minimum, maximum ou point selle ? la hessienne le dit
        stationary = (stationary_kind(self.objective, w)
                      if float(np.linalg.norm(g)) < 0.02 * self._typical else None)
        self._show_status(probe_status(w, float(self.objective.value(w)), g, stationary))
        self._blit()

    def __repr__(self):
        w = self.point
        return f"GradientProbe({self.objective.name}, w=({w[0]:.2f}, {w[1]:.2f}))"
