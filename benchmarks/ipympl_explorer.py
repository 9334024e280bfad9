"""L'explorateur d'avant l'issue #16, gardé pour les mesures : la même figure
(:class:`course_utils.explorer_plot.ExplorerPlot`), mais dessinée dans le noyau sur un canevas
ipympl (blitting de ce qui bouge, image PNG entière envoyée au navigateur à chaque mouvement ;
:class:`course_utils.live_figure.LiveFigure`). Les benchmarks le comparent à l'explorateur
d'aujourd'hui, dont la figure est dessinée par le navigateur.

Dans un carnet : ``sys.path.insert(0, <racine du dépôt>)`` puis
``from benchmarks.ipympl_explorer import IpymplExplorer`` ; ``IpymplExplorer(F, eta=0.1)``.
"""

import math

import ipywidgets as widgets
import numpy as np

from course_utils.explorer_plot import ExplorerPlot
from course_utils.grids import region_of
from course_utils.live_figure import PointFigure, slider, start_sliders
from course_utils.optimizers import METHODS, Verdict
from course_utils.status import RunNumbers, explorer_status, figure_alert


class IpymplExplorer(PointFigure):
    """La descente de gradient (ou `method`) sur `objective` : curseurs η, T, départ, étape t ;
    figure ipympl ; ligne d'état. ``controls``, ``trajectory``, ``figure``, ``status``."""

    def __init__(self, objective, method="gd", eta=0.4, T=20, w0=(-7.0, 7.0)):
        self.objective, self.method = objective, METHODS[method]
        self.region = region_of(objective)
        fig = self._init_figure((10, 4.3))
        self.plot = ExplorerPlot(objective, [self.method], self.region, resolution=201,
                                 figure=fig)
        self._ax = self.plot.plane_axes
        self._animated = list(self.plot._moving)
        e0 = math.log10(eta)
        c = {"eta": slider(widgets.FloatLogSlider, value=eta, base=10, min=e0 - 2, max=e0 + 2,
                           step=0.01, description="pas η", readout_format=".4g"),
             "T": slider(widgets.IntSlider, value=T, min=0, max=200, description="itérations T"),
             **start_sliders(self.region, w0),
             "t": slider(widgets.IntSlider, value=T, min=0, max=T, description="étape t")}
        self.controls = c
        for key in ("eta", "T", "w1", "w2"):
            c[key].observe(lambda change: self._suspended or self._recompute(), names="value")
        c["t"].observe(lambda change: self._suspended or self._step(), names="value")
        self._start_drawing()
        self.widget = widgets.VBox([widgets.HBox([c["eta"], c["T"]]),
                                    widgets.HBox([c["w1"], c["w2"], c["t"]]),
                                    self._canvas_view(), self.status_widget])
        self.widget.add_class("course-explorer")
        self._recompute()

    def _moved_to(self, point):
        self._recompute()

    def _recompute(self):
        c = self.controls
        T = c["T"].value
        Z = self.method.trajectory(self.objective, (c["w1"].value, c["w2"].value),
                                   c["eta"].value, T, 0.5, 0)
        self.trajectory = Z
        with np.errstate(over="ignore", invalid="ignore"):
            F = self.objective.value(Z)
        with self._hold():
            c["t"].max = max(c["t"].max, T)
            c["t"].value = T
            c["t"].max = T
        name = self.method.name
        alert = figure_alert(self.method.label, Verdict.of(F))
        full = self.plot.set_runs({name: Z}, {name: F}, T, alert)
        self._blit(full)
        run = RunNumbers(self.method.label, False, F, None)
        self._show_status(explorer_status(c["eta"].value, T, [run],
                                          getattr(self.objective, "stability_threshold", None),
                                          getattr(self.objective, "optimal_step", None)))

    def _step(self):
        self.plot.set_step(self.controls["t"].value)
        self._blit()
