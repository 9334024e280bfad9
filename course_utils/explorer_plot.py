"""La figure matplotlib de l'explorateur, dessinée par le noyau (canevas Agg, jamais pyplot).

:class:`ExplorerPlot` construit la figure de :class:`course_utils.widgets.Explorer` (courbes
de niveau et trajectoires à gauche, courbes d'apprentissage à droite), pose ce qui bouge
(trajectoires jusqu'à l'étape t, points d'arrivée, départ, courbes, point de l'étape t,
alerte de divergence), puis la dessine :

- en couches pour la figure web (:mod:`course_utils.web_figure`) : le fond sans ce qui bouge
  ni les légendes, et les légendes seules sur un calque transparent (matplotlib les pose
  au-dessus des trajectoires), au rapport de pixels de l'écran, avec la géométrie des axes ;
- entière : l'instantané PNG des exports, et la référence du test d'image.
"""

import functools
import math
import threading
from typing import NamedTuple

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._figures import ALARM, known_minima, method_color
from .curves import iteration_locator
from .divergence import last_finite
from .french import french_axes
from .plane import plot_contour

__all__ = ["ExplorerPlot", "MethodArtists", "curve_limits", "F_CAP"]

#: valeurs « rondes » de l'axe des itérations (l'axe ne change que quand T les franchit)
_NICE_T = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800,
           1000, 1500, 2000, 3000, 5000, 10000)

#: plafond d'affichage de la courbe d'apprentissage : au-delà, la courbe sort par le haut du
#: cadre (les bornes ne tiennent compte que des valeurs en dessous : une échelle de 10^300
#: n'apprendrait rien)
F_CAP = 1e40

#: taille de la figure en pouces, à 100 pixels (CSS) par pouce : 1000 × 430
FIGSIZE = (10.0, 4.3)
DPI = 100


class MethodArtists(NamedTuple):
    """Ce que l'explorateur dessine pour une méthode."""

    line: Line2D  #: la trajectoire jusqu'à l'étape t, sur les courbes de niveau
    end: Line2D  #: son dernier point fini
    curve: Line2D  #: la courbe d'apprentissage F(z_t), t = 0..T
    dot: Line2D  #: le point F(z_t) de l'étape t


def curve_limits(T, bottom, top, floor=None):
    """Bornes arrondies de la courbe d'apprentissage : l'axe des itérations va jusqu'à la
    valeur « ronde » qui suit T, l'axe de F en décades. Elles changent rarement : seul leur
    changement redessine le fond.

    Paramètres
    ----------
    T : int ≥ 0, le nombre d'itérations (la dernière étape de la courbe).
    bottom, top : floats, la plus petite et la plus grande valeur de F montrées (finies, > 0
        et ≤ :data:`F_CAP`) ; si ``bottom`` n'est pas fini ou si ``top`` ≤ 0 (aucune valeur
        montrée), on prend à leur place ``bottom = 1e-2`` et ``top = 1e2``.
    floor : None, ou F(w*) quand il est connu (et > 0) : l'axe de F descend alors jusque-là.

    Renvoie
    -------
    ``((0.0, x_max), (y_min, y_max))`` : deux couples de floats, les bornes de l'axe des
    itérations et de l'axe de F. ``x_max`` est la première valeur « ronde » ≥ T (T lui-même
    au-delà de 10 000) ; ``y_min`` est la plus grande puissance de 10 inférieure ou égale à
    min(bottom, floor) / 1,5, ``y_max`` la plus petite puissance de 10 supérieure ou égale à
    top × 1,5, mais au moins 100 × ``y_min`` (deux décades au minimum).
    """
    xmax = next(v for v in _NICE_T if v >= T) if T <= _NICE_T[-1] else T
    if not (np.isfinite(bottom) and top > 0):
        bottom, top = 1e-2, 1e2
    if floor is not None:
        bottom = min(bottom, floor)
    lo = 10.0 ** math.floor(math.log10(bottom / 1.5))
    hi = 10.0 ** math.ceil(math.log10(top * 1.5))
    return ((0.0, float(xmax)), (lo, max(hi, lo * 100)))


def shown_values(F):
    """F(z_t) tel que la courbe le dessine (échelle log) : au-delà de F_CAP, hors du cadre par
    le haut ; NaN pour ce qui n'est pas > 0 (le navigateur fait de même)."""
    F = np.where(F > F_CAP, F_CAP * 1e6, F)  # NaN reste NaN
    return np.where(F > 0, F, np.nan)


def locked(method):
    """La méthode tient le verrou ``self.lock`` (voir :class:`ExplorerPlot`)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class ExplorerPlot:
    """La figure de l'explorateur (voir le module).

    Paramètres
    ----------
    objective : l'objectif à deux paramètres ; ``methods`` : les entrées du registre montrées
    (:class:`course_utils.optimizers.Method`), la première étant la méthode principale (son
    départ est marqué) ; ``region`` : (w1_min, w1_max, w2_min, w2_max) ; ``resolution`` : la
    finesse de la grille des courbes de niveau ; ``figure`` : None (une Figure neuve sur un
    canevas Agg) ou une Figure vide de 10 × 4,3 pouces à 100 ppp, déjà posée sur son canevas.

    Attributs : ``figure`` (la Figure, canevas Agg), ``plane_axes``, ``curve_axes``,
    ``artists`` (nom → :class:`MethodArtists`), ``alert`` (le texte d'alerte, ``""`` si
    aucun), ``f_star`` (F(w*) s'il est connu et > 0), ``limits`` (les bornes de la courbe),
    ``lock`` : un verrou (réentrant) que tient chaque méthode qui touche la figure. ipykernel 7
    peut traiter les messages des widgets (comms) dans des fils à eux, en même temps qu'une
    cellule : sans verrou, deux dessins de la même figure se mêleraient (artistes cachés par
    l'un pendant que l'autre dessine).
    """

    def __init__(self, objective, methods, region, resolution=201, figure=None):
        self.objective, self.methods, self.region = objective, list(methods), region
        # F(w*) sur l'échelle log de la courbe d'apprentissage : seulement s'il est > 0 (une
        # quadratique, ou des moindres carrés sans bruit, ont F(w*) = 0) ; avec plusieurs
        # minima connus (minimizers()), le plus bas
        minima = known_minima(objective)
        f_star = float(np.min(objective.value(minima))) if len(minima) else None
        self.f_star = f_star if f_star is not None and f_star > 0 else None
        self.limits = None
        self.lock = threading.RLock()
        self._runs, self._t = {}, 0
        fig = figure
        if fig is None:
            fig = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white")
            FigureCanvasAgg(fig)
        ax, axc = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.3]})
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9, wspace=0.12)
        self.figure, self.plane_axes, self.curve_axes = fig, ax, axc
        plot_contour(ax, objective, region, resolution=resolution)
        ax.set_title(f"Trajectoires — {objective.name}", fontsize=10)
        self.artists = {}
        for m in self.methods:
            col = method_color(m.name)  # une couleur fixe par méthode, la même partout
            # la légende des méthodes est celle de la courbe d'apprentissage (mêmes couleurs)
            (line,) = ax.plot([], [], "-o", color=col, ms=3, lw=1.4, zorder=5)
            (end,) = ax.plot([], [], "s", color=col, ms=7, mec="black", mew=0.8, zorder=6)
            (curve,) = axc.plot([], [], "-", color=col, lw=1.6, label=m.label)
            (dot,) = axc.plot([], [], "o", color=col, ms=5)
            self.artists[m.name] = MethodArtists(line, end, curve, dot)
        (self._start,) = ax.plot([], [], "o", ms=10, mfc="white", mec="black", mew=1.5,
                                 zorder=7, label="départ $\\mathbf{z}_0$")
        self._alert = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color=ALARM, zorder=8, wrap=True,
                              bbox=dict(boxstyle="round", fc="white", ec=ALARM, alpha=0.9))
        self._alert.set_visible(False)
        self._legends = [ax.legend(loc="lower left", fontsize=8, framealpha=0.85)]
        axc.set_yscale("log")
        axc.xaxis.set_major_locator(iteration_locator())  # entières et rondes
        axc.set_xlabel("itération $t$")
        axc.set_ylabel("$F(\\mathbf{z}_t)$")
        axc.set_title("Courbe d'apprentissage", fontsize=10)
        axc.grid(True, which="major", alpha=0.3)
        if self.f_star is not None:
            self._legends.append(axc.axhline(self.f_star, color="gray", ls="--", lw=1,
                                             label="$F(\\mathbf{w}^*)$"))
        self._legends.append(axc.legend(loc="upper right", fontsize=8))
        for a in fig.axes:
            french_axes(a)  # (après le changement d'échelle, qui remet les formateurs)
        self._moving = [a for m in self.methods for a in self.artists[m.name]]
        self._moving += [self._start, self._alert]

    @property
    def alert(self):
        """Le texte d'alerte écrit sur la figure (divergence, F qui augmente), ou ``""``."""
        return self._alert.get_text() if self._alert.get_visible() else ""

    # -- ce qui bouge ---------------------------------------------------------------------------
    @locked
    def set_runs(self, trajectories, values, t, alert):
        """Pose les trajectoires (nom → (T + 1, 2)), leurs F(z_t), l'étape t et le texte
        d'alerte ; renvoie True si les bornes de la courbe d'apprentissage ont changé (le fond
        est alors à redessiner)."""
        self._runs = {name: (Z, values[name]) for name, Z in trajectories.items()}
        top, bottom = 0.0, np.inf
        T = 0
        for m in self.methods:
            Z, F = self._runs[m.name]
            T = len(Z) - 1
            shown = shown_values(F)
            self.artists[m.name].curve.set_data(np.arange(T + 1), shown)
            ok = shown[np.isfinite(shown) & (shown <= F_CAP)]
            if ok.size:
                top, bottom = max(top, ok.max()), min(bottom, ok.min())
        z0 = trajectories[self.methods[0].name][0]
        self._start.set_data([z0[0]], [z0[1]])
        self._alert.set_text(alert)
        self._alert.set_visible(bool(alert))
        self.set_step(t)
        limits = curve_limits(T, bottom, top, self.f_star)
        changed = limits != self.limits
        self.limits = limits
        (x0, x1), (y0, y1) = limits
        self.curve_axes.set_xlim(x0, x1)
        self.curve_axes.set_ylim(y0, y1)
        return changed

    @locked
    def set_step(self, t):
        """Les trajectoires jusqu'à l'étape t et le point F(z_t) de chaque courbe."""
        w1min, w1max, w2min, w2max = self.region
        span = max(w1max - w1min, w2max - w2min)
        lo = np.array([w1min, w2min]) - 1e3 * span
        hi = np.array([w1max, w2max]) + 1e3 * span
        for name, (Z, F) in self._runs.items():
            k = min(max(int(t), 0), len(Z) - 1)
            line, end, _, dot = self.artists[name]
            shown = np.clip(Z[: k + 1], lo, hi)  # des coordonnées démesurées ne s'affichent pas
            line.set_data(shown[:, 0], shown[:, 1])
            last = last_finite(shown) or 0
            end.set_data(shown[last: last + 1, 0], shown[last: last + 1, 1])
            dot.set_data([k], [shown_values(F[k: k + 1])[0]])

    # -- les images -----------------------------------------------------------------------------
    @locked
    def render(self, ratio=1.0):
        """Les pixels RGBA de toute la figure au rapport de pixels `ratio`."""
        fig = self.figure
        fig.set_dpi(DPI * ratio)
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                fig.canvas.draw()
            return np.asarray(fig.canvas.buffer_rgba()).copy()
        finally:
            fig.set_dpi(DPI)

    @locked
    def layers(self, ratio=1.0):
        """Le fond (tout sauf ce qui bouge et les légendes) et les légendes seules (avec la
        droite F(w*)) sur un calque transparent, en pixels RGBA au rapport `ratio`, et la
        géométrie des axes en pixels CSS (origine en haut à gauche) : ce que le navigateur pose
        sous et sur son dessin. Un seul dessin complet : les légendes sont ensuite redessinées
        seules, par le même moteur de rendu, sur le canevas vidé."""
        fig = self.figure
        hidden = [(a, a.get_visible()) for a in self._moving + self._legends]
        for a, _ in hidden:
            a.set_visible(False)
        fig.set_dpi(DPI * ratio)
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                fig.canvas.draw()
            back = np.asarray(fig.canvas.buffer_rgba()).copy()
            fig.canvas.get_renderer().clear()  # transparent
            for a, v in hidden[len(self._moving):]:
                a.set_visible(v)
                if v:
                    fig.draw_artist(a)
            over = np.asarray(fig.canvas.buffer_rgba()).copy()
        finally:
            for a, v in hidden:
                a.set_visible(v)
            fig.set_dpi(DPI)
        width, height = fig.bbox.size  # à 100 ppp : pixels CSS

        def box(ax, ylog=False):
            x0, y0, x1, y1 = map(float, ax.bbox.extents)  # origine en bas à gauche
            return {"x0": x0, "y0": float(height) - y1, "w": x1 - x0, "h": y1 - y0,
                    "xlim": [float(v) for v in ax.get_xlim()],
                    "ylim": [float(v) for v in ax.get_ylim()], "xlog": False, "ylog": ylog}

        geometry = {"width": float(width), "height": float(height), "ratio": float(ratio),
                    "dpi": DPI, "plane": box(self.plane_axes),
                    "curve": box(self.curve_axes, ylog=True)}
        return back, over, geometry

    @locked
    def alert_metrics(self, T):
        """Les mesures, par matplotlib, des lignes que peut écrire l'alerte (à 100 ppp), pour
        les étapes 0..T : le navigateur place son texte et sa boîte exactement comme
        matplotlib (largeur, hauteur et descente de chaque ligne ; mise en page de n lignes)."""
        renderer = self.figure.canvas.get_renderer()
        prop = self._alert.get_fontproperties()

        def measure(text):
            return [float(v) for v in renderer.get_text_width_height_descent(text, prop, False)]

        lines = {"(F a augmenté)"} | {f"(F infini à l'étape {k})" for k in range(T + 1)}
        for m in self.methods:
            lines |= {f"{m.label} : diverge", f"{m.label} : s'éloigne du minimum"}
        # la mise en page verticale de n lignes (elle dépend de la version de matplotlib, qui
        # la fait ; toutes nos lignes ont les mêmes hauteurs planchers) : hauteur du bloc et
        # lignes de base depuis son haut
        sample = [f"{self.methods[0].label} : diverge", "(F infini à l'étape 12)"]
        layouts = {}
        saved = self._alert.get_text()
        self._alert.set_wrap(False)  # (nos lignes ne se replient pas)
        try:
            for n in range(1, 2 * len(self.methods) + 1):
                self._alert.set_text("\n".join(sample[k % 2] for k in range(n)))
                bbox, info, *_ = self._alert._get_layout(renderer)
                ys = [item[2][1] if isinstance(item[2], tuple) else item[3] for item in info]
                layouts[str(n)] = {"height": float(bbox.height),
                                   "baselines": [float(bbox.y1 - y) for y in ys]}
        finally:
            self._alert.set_text(saved)
            self._alert.set_wrap(True)
        return {"T": T, "lp": measure("lp"), "layouts": layouts,
                "lines": {line: measure(line) for line in sorted(lines)}}
