"""La carte de convergence de la boule pesante sur une fonction quadratique.

:class:`ConvergenceMap` colore chaque réglage (η, α) selon le facteur de convergence ρ de la
boule pesante (:func:`~course_utils.optimizers.heavy_ball` : gradient complet, pas constant) :
le rayon spectral, maximisé sur les valeurs propres λ de la hessienne, de

.. math::

    M_\\lambda = \\begin{bmatrix} 1 + \\alpha - \\eta\\lambda & -\\alpha \\\\ 1 & 0
    \\end{bmatrix},

calculé d'un seul appel vectorisé (:func:`~course_utils.analysis.heavy_ball_rate`). La carte
montre la frontière de divergence :math:`\\eta\\lambda_{\\max} = 2 + 2\\alpha`, le réglage
optimal :math:`(\\eta^*, \\alpha^*)` et, si un explorateur lui est relié, son réglage courant :
un clic sur la carte règle les curseurs η et α de l'explorateur, et bouger ces curseurs
déplace le marqueur.
"""

import math

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.ticker import FormatStrFormatter

from ._checks import _shown, check_interval, check_objective, check_positive
from ._figures import ALARM, COLORS
from .analysis import heavy_ball_boundary, heavy_ball_optimum, heavy_ball_rate
from .french import FrenchFormatter, french_axes, number
from .live_figure import LiveFigure, on_grid, on_log_grid
from .status import map_status

__all__ = ["ConvergenceMap"]

#: les courbes de niveau de ρ tracées sur la carte
_RATE_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)

#: la couleur des réglages qui ne convergent pas (ρ ≥ 1)
_DIVERGES = "#d9d9d9"


def _axis(name, values, low, high, wanted):
    """Une grille 1-D croissante, régulière, de nombres finis dans [low, high]."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"Le paramètre {name} doit être une liste de nombres ({wanted}) ; valeur reçue : "
            f"{_shown(values)}.") from None
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError(
            f"Le paramètre {name} doit être une liste d'au moins deux nombres finis ({wanted}) "
            f"; valeur reçue : {_shown(values)}.")
    steps = np.diff(arr)
    if np.any(steps <= 0) or not np.allclose(steps, steps[0], rtol=1e-6, atol=0):
        raise ValueError(
            f"Le paramètre {name} doit être une grille croissante et régulière (même écart "
            f"entre deux valeurs, comme np.linspace) ; valeur reçue : {_shown(values)}.")
    if arr[0] < low or arr[-1] > high:
        raise ValueError(
            f"Le paramètre {name} doit rester entre {low:g} et {high:g} ({wanted}) ; valeur "
            f"reçue : {_shown(values)}.")
    return arr


class ConvergenceMap(LiveFigure):
    """La carte du facteur de convergence de la boule pesante sur le plan (η, α).

    Paramètres
    ----------
    objective : un objectif quadratique (``LeastSquares`` ou ``Quadratic``) : sa hessienne
        est constante, et ses valeurs propres fixent la carte.
    explorer : None, ou un :class:`~course_utils.widgets.Explorer` du même objectif (de
        préférence ``method="heavy_ball"``) : un clic sur la carte règle ses curseurs η et α
        (posés sur leurs crans), et la carte marque son réglage courant.
    etas, alphas : None (η de 0 à 1,1 × 4/L, α de 0 à 0,99) ou des grilles régulières
        croissantes (par exemple ``np.linspace``) : les centres des cases de la carte.
    eta, alpha : le réglage marqué au départ quand il n'y a pas d'explorateur (par défaut le
        meilleur pas constant 2/(L + µ) de la descente de gradient, et α = 0).

    Attributs
    ---------
    etas, alphas : les grilles ; ``rates`` : tableau de forme ``(len(alphas), len(etas))``,
        le facteur de convergence ρ de chaque réglage (l'écart est multiplié par ρ à chaque
        itération, à la longue : < 1, converge ; ≥ 1, ne converge pas).
    eigenvalues : les valeurs propres de la hessienne ; ``L``, ``mu`` : la plus grande et la
        plus petite.
    optimum : (η*, α*, ρ*), le meilleur réglage.
    eta, alpha, rate : le réglage marqué et son facteur ρ.
    explorer : l'explorateur relié (ou None).
    figure : la Figure ; ``map_axes`` : l'Axes de la carte ; ``marker`` : le marqueur.
    status : la phrase sous la figure ; ``widget`` : la boîte à afficher.
    """

    def __init__(self, objective, explorer=None, etas=None, alphas=None, eta=None,
                 alpha=None):
        from .objectives import LeastSquares
        from .quadratic import Quadratic

        check_objective(objective)
        if not isinstance(objective, (LeastSquares, Quadratic)):
            raise TypeError(
                "Le paramètre objective doit être un objectif quadratique, LeastSquares(X, y) "
                "ou Quadratic(H) : la carte demande une hessienne constante ; valeur reçue : "
                f"{_shown(objective)} (de type {type(objective).__name__}).")
        self.objective = objective
        eig = np.linalg.eigvalsh(objective.hessian())
        self.eigenvalues = eig
        self.L, self.mu = float(eig[-1]), float(max(eig[0], 0.0))
        self.optimum = heavy_ball_optimum(self.L, self.mu)
        if explorer is not None:
            self._check_explorer(explorer, objective)
        self.explorer = explorer
        if explorer is None:
            eta = 2.0 / (self.L + self.mu) if eta is None else check_positive("eta", eta)
            alpha = 0.0 if alpha is None else check_interval("alpha", alpha, 0.0, 1.0)
        else:
            eta = explorer.controls["eta"].value
            alpha = explorer.controls["alpha"].value
        self._eta, self._alpha = float(eta), float(alpha)
        self._contours = []
        self._build_figure()
        self.set_grid(etas, alphas, draw=False)
        self._start_drawing()
        self.widget = widgets.VBox([self._canvas_view(), self.status_widget])
        self.widget.add_class("course-convergence-map")
        if explorer is not None:
            for key in ("eta", "alpha"):
                explorer.controls[key].observe(self._on_explorer, names="value")
        self._move_marker()

    @staticmethod
    def _check_explorer(explorer, objective):
        controls = getattr(explorer, "controls", None)
        if not isinstance(controls, dict) or not {"eta", "alpha"} <= set(controls):
            raise TypeError(
                "Le paramètre explorer doit être None ou un Explorer de course_utils.widgets "
                f"(avec des curseurs η et α) ; valeur reçue : {_shown(explorer)}.")
        if getattr(explorer, "objective", None) is not objective:
            raise ValueError(
                "Le paramètre explorer doit explorer le même objectif que la carte : "
                "ConvergenceMap(F, explorer=Explorer(F, method=\"heavy_ball\")).")

    # -- ce que les tests et les carnets lisent ---------------------------------------------
    @property
    def eta(self):
        """Le pas η du réglage marqué."""
        return self._eta

    @property
    def alpha(self):
        """Le momentum α du réglage marqué."""
        return self._alpha

    @property
    def rate(self):
        """Le facteur de convergence ρ(η, α) du réglage marqué (calcul exact)."""
        return float(heavy_ball_rate(self._eta, self._alpha, self.eigenvalues))

    @property
    def map_axes(self):
        """L'Axes de la carte (où un clic choisit un réglage)."""
        return self._ax

    @property
    def marker(self):
        """Le marqueur du réglage courant (un ``Line2D`` d'un point)."""
        return self._marker

    # -- la figure ---------------------------------------------------------------------------
    def _build_figure(self):
        fig = self._init_figure((7.2, 4.4))
        ax = fig.add_axes((0.09, 0.25, 0.7, 0.68))
        cax = fig.add_axes((0.83, 0.25, 0.025, 0.68))
        self._ax, self._cax = ax, cax
        cmap = colormaps["viridis"].with_extremes(over=_DIVERGES)
        self._map_image = ax.imshow(np.zeros((2, 2)), origin="lower", aspect="auto", cmap=cmap,
                                norm=Normalize(0.0, 1.0), interpolation="nearest", zorder=0)
        cb = fig.colorbar(self._map_image, cax=cax, extend="max")
        cb.set_label("facteur de convergence $\\rho$ (par itération, à la longue)")
        self._colorbar = cb
        (self._boundary,) = ax.plot([], [], "--", color=ALARM, lw=2, zorder=3,
                                    label="frontière $\\eta L = 2 + 2\\alpha$")
        eta_star, alpha_star, _ = self.optimum
        ax.plot([eta_star], [alpha_star], "*", color="white", ms=16, mec="black", mew=1.0,
                zorder=4, label="optimum $(\\eta^*, \\alpha^*)$")
        ax.plot([2.0 / (self.L + self.mu)], [0.0], "D", color=COLORS[2], ms=8, mec="black",
                mew=0.8, zorder=4, clip_on=False,
                label="meilleur pas constant sans momentum")
        (self._marker,) = ax.plot([self._eta], [self._alpha], "o", ms=11, mfc="none",
                                  mec="white", mew=2.5, zorder=6, clip_on=False)
        (self._marker_edge,) = ax.plot([self._eta], [self._alpha], "o", ms=11, mfc="none",
                                       mec="black", mew=1.0, zorder=7, clip_on=False,
                                       label="réglage de l'explorateur" if self.explorer
                                       else "réglage choisi")
        self._diverges = ax.text(0.97, 0.05, "ne converge pas\n($\\rho \\geq 1$)",
                                 transform=ax.transAxes, ha="right", va="bottom", fontsize=9,
                                 color="#555555", zorder=2)
        ax.set_xlabel("pas $\\eta$")
        ax.set_ylabel("momentum $\\alpha$")
        ax.set_title(f"Boule pesante : facteur $\\rho$ selon $(\\eta, \\alpha)$ — "
                     f"{self.objective.name}", fontsize=10)
        # la légende sous la carte : elle ne cache aucun réglage
        self._legend = fig.legend(loc="lower center", ncols=2, fontsize=8, frameon=False,
                                  bbox_to_anchor=(0.47, 0.0))
        french_axes(ax)
        self._animated = [self._marker, self._marker_edge]

    def set_grid(self, etas=None, alphas=None, draw=True):
        """Recalcule la carte sur une grille (un seul appel vectorisé) et la redessine.

        Paramètres
        ----------
        etas, alphas : None (la grille par défaut) ou des grilles régulières croissantes de
            pas η ≥ 0 et de momentums α dans [0, 1].
        draw : bool, redessiner la figure (False pendant la construction).

        Renvoie
        -------
        le tableau ``rates`` de forme ``(len(alphas), len(etas))``.
        """
        eta_top = 1.1 * 4.0 / self.L
        if etas is None:
            etas = np.linspace(eta_top / 320, eta_top, 320)
        if alphas is None:
            alphas = np.linspace(0.0, 0.99, 199)
        self.etas = _axis("etas", etas, 0.0, math.inf, "des pas η ≥ 0")
        self.alphas = _axis("alphas", alphas, 0.0, 1.0, "des momentums α entre 0 et 1")
        self.rates = heavy_ball_rate(self.etas, self.alphas, self.eigenvalues)
        de, da = self.etas[1] - self.etas[0], self.alphas[1] - self.alphas[0]
        extent = (self.etas[0] - de / 2, self.etas[-1] + de / 2,
                  self.alphas[0] - da / 2, self.alphas[-1] + da / 2)
        low = math.floor(10 * min(float(self.rates.min()), 0.99)) / 10
        self._map_image.set_data(self.rates)
        self._map_image.set_extent(extent)
        self._map_image.set_norm(Normalize(low, 1.0))
        self._colorbar.update_normal(self._map_image)  # (remet le formateur de matplotlib)
        self._cax.yaxis.set_major_formatter(FrenchFormatter(FormatStrFormatter("%.1f")))
        for artist in self._contours:
            artist.remove()
        levels = [v for v in _RATE_LEVELS if low < v < 1]
        self._contours = []
        if levels:
            cs = self._ax.contour(self.etas, self.alphas, self.rates, levels=levels,
                                  colors="white", linewidths=0.7, alpha=0.8, zorder=1)
            self._ax.clabel(cs, fontsize=7, fmt=lambda v: number(v, 2))
            self._contours = [cs]  # (retirer le ContourSet retire aussi ses étiquettes)
        line = np.linspace(max(self.alphas[0] - da / 2, 0.0), min(self.alphas[-1] + da / 2, 1.0),
                           50)
        self._boundary.set_data(heavy_ball_boundary(line, self.L), line)
        self._ax.set_xlim(extent[0], extent[1])
        self._ax.set_ylim(extent[2], extent[3])
        if draw:
            self._blit(full=True)
        return self.rates

    # -- événements --------------------------------------------------------------------------
    def _clicked(self, x, y):
        """Un clic sur la carte : le réglage (η, α) cliqué, posé sur les crans des curseurs de
        l'explorateur s'il y en a un."""
        eta, alpha = max(float(x), 1e-12), float(np.clip(y, 0.0, 0.999))
        if self.explorer is None:
            self._eta, self._alpha = eta, alpha
            self._move_marker()
            return
        c = self.explorer.controls
        eta, alpha = on_log_grid(c["eta"], eta), on_grid(c["alpha"], alpha)
        # les deux curseurs changent ensemble : les notifications de η attendent celles de α,
        # si bien que l'explorateur ne calcule jamais le mélange (nouvel α, ancien η)
        with c["eta"].hold_trait_notifications():
            c["eta"].value = eta
            c["alpha"].value = alpha

    def _on_explorer(self, change):
        c = self.explorer.controls
        setting = (float(c["eta"].value), float(c["alpha"].value))
        if setting == (self._eta, self._alpha):  # (après un clic : la seconde notification)
            return
        self._eta, self._alpha = setting
        self._move_marker()

    # -- dessin ------------------------------------------------------------------------------
    def _move_marker(self):
        for artist in (self._marker, self._marker_edge):
            artist.set_data([self._eta], [self._alpha])
        self._blit()
        self._show_status(map_status(self._eta, self._alpha, self.rate, self.optimum))

    def __repr__(self):
        return (f"ConvergenceMap({self.objective.name}, η={self._eta:.4g}, "
                f"α={self._alpha:.4g})")
