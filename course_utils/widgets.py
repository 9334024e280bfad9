"""Les figures interactives des carnets : l'explorateur de trajectoires, la sonde de gradient et
les figures des chapitres 2 et 4 (importées de leurs modules).

:class:`Explorer` (des curseurs η, T, α, départ, graine, et une figure qui suit) sert dans tous
les carnets ; :class:`GradientProbe` montre la flèche de :math:`-\\nabla F` en un point.

Chacun ne fait que la mise en page et les événements : les trajectoires viennent du registre
des méthodes (:data:`course_utils.optimizers.METHODS`), le verdict sur une descente de
:class:`course_utils.optimizers.Verdict`, les phrases de :mod:`course_utils.status`, et le
canevas, le blitting et les images de :class:`course_utils.live_figure.LiveFigure`.
"""

import math
from types import MappingProxyType
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from ._checks import (
    check_choice,
    check_choices,
    check_count,
    check_interval,
    check_objective,
    check_point,
    check_positive,
    check_seed,
)
from ._figures import ALARM, known_minima, method_color
from .curves import iteration_locator
from .french import french_axes
from .grids import grid_values, region_of
from .live_figure import PointFigure, on_grid, slider, start_sliders
from .optimizers import METHODS, Verdict
from .plane import plot_contour
from .status import RunNumbers, explorer_status, figure_alert, probe_status, refused

__all__ = ["Explorer", "GradientProbe", "MiniBatchExplorer"]

#: valeurs « rondes » de l'axe des itérations (l'axe ne change que quand T les franchit)
_NICE_T = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800,
           1000, 1500, 2000, 3000, 5000, 10000)

#: plafond d'affichage de la courbe d'apprentissage
_F_CAP = 1e40

class MethodArtists(NamedTuple):
    """Ce que l'explorateur dessine pour une méthode."""

    line: Line2D  #: la trajectoire jusqu'à l'étape t, sur les courbes de niveau
    end: Line2D  #: son dernier point fini
    curve: Line2D  #: la courbe d'apprentissage F(z_t), t = 0..T
    dot: Line2D  #: le point F(z_t) de l'étape t


class Explorer(PointFigure):
    """Explorateur interactif d'une méthode de descente sur un objectif à deux paramètres.

    Cliquer sur les courbes de niveau déplace le départ.

    Paramètres
    ----------
    objective : un objectif à deux paramètres (w₁, w₂), par exemple LeastSquares.
    method : str, un nom du registre :data:`~course_utils.optimizers.METHODS` : « gd »,
        « sgd », « momentum », « rmsprop » ou « adam » (ces deux derniers : les jumeaux numpy
        de ``torch.optim``, η servant de ``lr``, gradient complet)…
    eta, T, w0, alpha, seed : pas, nombre d'itérations, départ, momentum, graine.
    region : (w1_min, w1_max, w2_min, w2_max) montrée ; par défaut celle de l'objectif.
    compare : None, ou une liste de noms du registre superposés (même départ, mêmes η, T et
        graine).
    resolution : int, points par côté de la grille des courbes de niveau.
    T_max : None (max(200, T)) ou int, la borne du curseur T.

    Attributs
    ---------
    controls : dict des curseurs (« eta », « T », « w1 », « w2 », « alpha », « seed », « t »).
    play : le bouton ▶ qui anime le curseur t.
    trajectory : la trajectoire de ``method`` ; ``trajectories`` : une par méthode.
    figure : la Figure ; ``plane_axes``, ``curve_axes`` : ses deux Axes.
    artists : méthode → :class:`MethodArtists` (ce qui est dessiné pour elle).
    alert : le texte d'alerte écrit sur la figure (``""`` si aucun).
    status : la phrase sous la figure ; ``widget`` : la boîte à afficher.
    """

    def __init__(self, objective, method="gd", eta=0.4, T=20, w0=(-7.0, 7.0), alpha=0.5,
                 seed=0, region=None, compare=None, resolution=201, T_max=None):
        self.objective = check_objective(objective, two_params=True)
        names = tuple(METHODS)
        self.method = check_choice("method", method, names)
        methods = [] if compare is None else check_choices(
            "compare", compare, names, "['gd', 'sgd', 'momentum']")
        self.methods = methods if self.method in methods else [self.method] + methods
        eta = check_positive("eta", eta)
        T = check_count("T", T)
        w0 = check_point("w0", w0, 2, batch=False)
        alpha = check_interval("alpha", alpha, 0.0, 1.0)
        seed = check_seed("seed", seed)
        self.region = region_of(objective, region)
        T_max = max(200, T) if T_max is None else check_count("T_max", T_max)
        self._w_star = objective.minimizer() if hasattr(objective, "minimizer") else None
        # F(w*) sur l'échelle logarithmique de la courbe d'apprentissage : seulement s'il est > 0
        # (une quadratique, ou des moindres carrés sans bruit, ont F(w*) = 0) ; avec plusieurs
        # minima connus (minimizers()), le plus bas
        minima = known_minima(objective)
        f_star = float(np.min(objective.value(minima))) if len(minima) else None
        self._f_star = f_star if f_star is not None and f_star > 0 else None
        self._threshold = getattr(objective, "stability_threshold", None)
        self._optimal = getattr(objective, "optimal_step", None)

        self.trajectories = {}
        self._build_controls(eta, T, w0, alpha, seed, T_max)
        self._build_figure(resolution)
        self.widget = widgets.VBox([self._controls_box, self._canvas_view(), self.status_widget])
        self.widget.add_class("course-explorer")
        self._recompute()

    # -- ce que les tests et les carnets lisent ---------------------------------------------
    @property
    def curve_axes(self):
        """L'Axes des courbes d'apprentissage."""
        return self._ax_curve

    @property
    def play(self):
        """Le bouton ▶ (``ipywidgets.Play``) qui fait avancer le curseur t."""
        return self._play

    @property
    def artists(self):
        """Méthode → :class:`MethodArtists` (lecture seule)."""
        return MappingProxyType(self._artists)

    @property
    def alert(self):
        """Le texte d'alerte écrit sur la figure (divergence, F qui augmente), ou ``""``."""
        return self._alert.get_text() if self._alert.get_visible() else ""

    @property
    def trajectory(self):
        """La trajectoire courante de ``method`` : (T + 1, 2), celle que renvoie le cœur."""
        return self.trajectories.get(self.method)

    # -- construction ----------------------------------------------------------------------
    def _build_controls(self, eta, T, w0, alpha, seed, T_max):
        # Bornes en exposant, alignées sur la grille du curseur (pas de 0,01 en log10) de sorte
        # que η initial soit sur la grille : le navigateur ne l'arrondit pas (0,4 resterait
        # sinon 0,3981).
        ref = self._threshold if self._threshold else 1.0
        e0, step = math.log10(eta), 0.01
        lo = e0 - math.ceil((e0 - math.log10(min(eta, ref) / 100)) / step) * step
        hi = e0 + math.ceil((math.log10(max(eta, ref) * 100) - e0) / step) * step
        uses_alpha = any(METHODS[m].uses_alpha for m in self.methods)
        uses_seed = any(METHODS[m].uses_seed for m in self.methods)
        c = {
            "eta": slider(widgets.FloatLogSlider, value=eta, base=10, min=lo, max=hi, step=0.01,
                          description="pas η", readout_format=".4g"),
            "T": slider(widgets.IntSlider, value=T, min=0, max=T_max, description="itérations T"),
            **start_sliders(self.region, w0),
            "alpha": slider(widgets.FloatSlider, value=alpha, min=0.0, max=0.99, step=0.01,
                            description="momentum α"),
            "seed": slider(widgets.IntSlider, value=seed if seed is not None else 0, min=0,
                           max=99, description="graine"),
            "t": slider(widgets.IntSlider, value=T, min=0, max=T, description="étape t"),
        }
        self._w0 = w0  # le départ exact (les curseurs l'arrondiraient à leur pas)
        self._play = widgets.Play(value=T, min=0, max=T, step=1, interval=120,
                                  # le bouton ▶ n'affiche pas de libellé ; le titre s'affiche
                                  # au survol
                                  tooltip="Animer la trajectoire : t va de 0 à T")
        # côté navigateur : le bouton « Play » fait avancer le curseur t sans passer par le noyau
        self._play_link = widgets.jslink((self._play, "value"), (c["t"], "value"))
        self.controls = c
        for key in ("eta", "T", "w1", "w2", "alpha", "seed"):
            c[key].observe(self._on_control, names="value")
        c["t"].observe(self._on_step, names="value")
        rows = [widgets.HBox([c["eta"], c["T"]]), widgets.HBox([c["w1"], c["w2"]])]
        extra = ([c["alpha"]] if uses_alpha else []) + ([c["seed"]] if uses_seed else [])
        if extra:
            rows.append(widgets.HBox(extra))
        rows.append(widgets.HBox([self._play, c["t"]]))
        self._controls_box = widgets.VBox(rows)

    def _build_figure(self, resolution):
        fig = self._init_figure((10, 4.3))
        ax, axc = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.3]})
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9, wspace=0.12)
        self._ax, self._ax_curve = ax, axc
        plot_contour(ax, self.objective, self.region, resolution=resolution)
        ax.set_title(f"Trajectoires — {self.objective.name}", fontsize=10)

        self._artists = {}
        for m in self.methods:
            col = method_color(m)  # une couleur fixe par méthode, la même partout
            # la légende des méthodes est celle de la courbe d'apprentissage (mêmes couleurs)
            (line,) = ax.plot([], [], "-o", color=col, ms=3, lw=1.4, zorder=5)
            (end,) = ax.plot([], [], "s", color=col, ms=7, mec="black", mew=0.8, zorder=6)
            (curve,) = axc.plot([], [], "-", color=col, lw=1.6, label=METHODS[m].label)
            (dot,) = axc.plot([], [], "o", color=col, ms=5)
            self._artists[m] = MethodArtists(line, end, curve, dot)
        (self._start,) = ax.plot([], [], "o", ms=10, mfc="white", mec="black", mew=1.5,
                                 zorder=7, label="départ $\\mathbf{z}_0$")
        self._alert = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color=ALARM, zorder=8, wrap=True,
                              bbox=dict(boxstyle="round", fc="white", ec=ALARM, alpha=0.9))
        ax.legend(loc="lower left", fontsize=8, framealpha=0.85)

        axc.set_yscale("log")
        french_axes(axc)  # après le changement d'échelle, qui remet les formateurs
        axc.xaxis.set_major_locator(iteration_locator())  # entières et rondes
        axc.set_xlabel("itération $t$")
        axc.set_ylabel("$F(\\mathbf{z}_t)$")
        axc.set_title("Courbe d'apprentissage", fontsize=10)
        axc.grid(True, which="major", alpha=0.3)
        if self._f_star is not None:
            axc.axhline(self._f_star, color="gray", ls="--", lw=1,
                        label="$F(\\mathbf{w}^*)$")
        axc.legend(loc="upper right", fontsize=8)
        # Les bornes de la courbe d'apprentissage sont arrondies (décades, valeurs « rondes » de
        # T) : tant qu'elles ne changent pas, seul ce qui bouge est redessiné (blitting) ; quand
        # elles changent, un dessin complet refait le fond.
        self._animated = [a for m in self.methods for a in self._artists[m]]
        self._animated += [self._start, self._alert]
        self._start_drawing()

    # -- événements --------------------------------------------------------------------------
    def _on_control(self, change):
        if self._suspended:
            return
        c = self.controls
        if change["owner"] is c["w1"] or change["owner"] is c["w2"]:
            if self._w0 is not None and all(
                    c[k].value == x or on_grid(c[k], c[k].value) == on_grid(c[k], x)
                    for k, x in zip(("w1", "w2"), self._w0, strict=True)):
                # le navigateur renvoie le départ arrondi au pas de ses curseurs, calculé en
                # flottants (-8 + 113 × 0,05 = -2,3499999999999996) : c'est le même point, le
                # départ exact reste (et rien n'est recalculé)
                return
            self._w0 = None  # le départ suit désormais les curseurs
        self._recompute()

    def _on_step(self, change):
        if not self._suspended:
            self._redraw()

    def _moved_to(self, point):
        self._w0 = np.array(point)
        self._recompute()

    # -- calcul et dessin --------------------------------------------------------------------
    def _params(self):
        c = self.controls
        w0 = self._w0 if self._w0 is not None else (c["w1"].value, c["w2"].value)
        return dict(w0=w0, eta=c["eta"].value, T=c["T"].value, alpha=c["alpha"].value,
                    seed=c["seed"].value)

    def _recompute(self):
        p = self._params()
        try:
            trajs = {m: METHODS[m].trajectory(self.objective, p["w0"], p["eta"], p["T"],
                                              p["alpha"], p["seed"]) for m in self.methods}
        except (ValueError, TypeError) as err:
            # une valeur impossible tapée dans un curseur : un message, pas une trace d'erreur
            self._show_status(refused(err))
            return
        self.trajectories = trajs
        T = p["T"]
        t = self.controls["t"]
        with self._hold():  # messages séparés, dans cet ordre : la borne avant la valeur
            if t.max != T:
                # l'ordre évite qu'une borne provisoire rabote la valeur
                if T > t.max:
                    t.max = T
                    self._play.max = T
                    t.value = T
                    self._play.value = T
                else:
                    t.value = T
                    self._play.value = T
                    t.max = T
                    self._play.max = T
            elif t.value != T:
                t.value = T
        self._redraw()

    def _redraw(self):
        # une trajectoire qui diverge passe par des nombres démesurés : leur affichage (normes,
        # valeurs de F) ne doit ni avertir ni planter
        with np.errstate(over="ignore", invalid="ignore"):
            self._redraw_now()

    def _redraw_now(self):
        T = self.controls["T"].value
        t = min(self.controls["t"].value, T)
        w1min, w1max, w2min, w2max = self.region
        span = max(w1max - w1min, w2max - w2min)
        lo = np.array([w1min, w2min]) - 1e3 * span
        hi = np.array([w1max, w2max]) + 1e3 * span
        top, bottom = 0.0, np.inf
        alerts, runs = [], []
        for m in self.methods:
            Z = self.trajectories[m]
            line, end, curve, dot = self._artists[m]
            shown = np.clip(Z[: t + 1], lo, hi)  # des coordonnées démesurées ne s'affichent pas
            line.set_data(shown[:, 0], shown[:, 1])
            finite = np.flatnonzero(np.isfinite(shown).all(axis=1))
            k = finite[-1] if finite.size else 0
            end.set_data(shown[k : k + 1, 0], shown[k : k + 1, 1])
            F_true = self.objective.value(Z)
            # au-delà de F_CAP, la courbe sort par le haut du cadre (les bornes ne tiennent
            # compte que des valeurs sous F_CAP : une échelle de 10^300 n'apprendrait rien)
            F = np.where(F_true > _F_CAP, _F_CAP * 1e6, F_true)  # NaN reste NaN
            F = np.where(F > 0, F, np.nan)
            curve.set_data(np.arange(T + 1), F)
            dot.set_data([t], [F[t]])
            ok = F[np.isfinite(F) & (F <= _F_CAP)]
            if ok.size:
                top, bottom = max(top, ok.max()), min(bottom, ok.min())
            method = METHODS[m]
            alerts.append(figure_alert(method.label, Verdict.of(F_true)))
            distance = None if self._w_star is None else float(
                np.linalg.norm(Z[-1] - self._w_star))
            runs.append(RunNumbers(method.label, method.uses_alpha, F_true, distance))
        alerts = [a for a in alerts if a]
        z0 = self.trajectories[self.method][0]
        self._start.set_data([z0[0]], [z0[1]])
        self._alert.set_text("\n".join(alerts))
        self._alert.set_visible(bool(alerts))
        limits = self._curve_limits(T, bottom, top)
        full = limits != (self._ax_curve.get_xlim(), self._ax_curve.get_ylim())
        if full:
            self._ax_curve.set_xlim(*limits[0])
            self._ax_curve.set_ylim(*limits[1])
        # l'image part d'abord : le navigateur la décode pendant qu'il met le texte à jour
        self._blit(full)
        self._show_status(explorer_status(self.controls["eta"].value, T, runs,
                                          self._threshold, self._optimal))

    def _curve_limits(self, T, bottom, top):
        """Bornes arrondies de la courbe d'apprentissage : elles changent rarement."""
        xmax = next(v for v in _NICE_T if v >= T) if T <= _NICE_T[-1] else T
        if not (np.isfinite(bottom) and top > 0):
            bottom, top = 1e-2, 1e2
        if self._f_star is not None:
            bottom = min(bottom, self._f_star)
        lo = 10.0 ** math.floor(math.log10(bottom / 1.5))
        hi = 10.0 ** math.ceil(math.log10(top * 1.5))
        return ((0.0, float(xmax)), (lo, max(hi, lo * 100)))

    def __repr__(self):
        p = self._params()
        return (f"Explorer({self.objective.name}, méthodes={self.methods}, "
                f"η={p['eta']:.4g}, T={p['T']})")


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
        self.widget = widgets.VBox([widgets.HBox([self.controls["w1"], self.controls["w2"]]),
                                    self._canvas_view(), self.status_widget])
        self.widget.add_class("course-gradient-probe")
        self._update()

    @property
    def point(self):
        """Le point courant w, de forme (2,)."""
        return np.array([self.controls["w1"].value, self.controls["w2"].value])

    @property
    def arrow(self):
        """La flèche de :math:`-\\nabla F(w)` (un ``Quiver`` matplotlib d'une flèche)."""
        return self._arrow

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
        nearly_zero = float(np.linalg.norm(g)) < 0.02 * self._typical
        self._show_status(probe_status(w, float(self.objective.value(w)), g, nearly_zero))
        self._blit()

    def __repr__(self):
        w = self.point
        return f"GradientProbe({self.objective.name}, w=({w[0]:.2f}, {w[1]:.2f}))"


# l'explorateur des mini-lots (chapitre 7), dans son propre module
from .minibatch_widget import MiniBatchExplorer  # noqa: E402
# Les figures vivantes des chapitres 2 et 4, rangées dans leurs propres modules et importables
# d'ici : la descente en une dimension, une famille d'objectifs indexée par un curseur, la
# carte de convergence de la boule pesante.
from .convergence_map import ConvergenceMap  # noqa: E402
from .explorer1d import Explorer1D  # noqa: E402
from .family import FamilyExplorer  # noqa: E402

__all__ += ["Explorer1D", "FamilyExplorer", "ConvergenceMap"]
