"""Une famille d'objectifs indexée par un curseur : la même descente sur chacun.

:class:`FamilyExplorer` montre comment une descente change quand l'objectif lui-même change :
un curseur choisit le paramètre de la famille (par exemple le conditionnement κ d'une cuvette
quadratique, :meth:`~course_utils.quadratic.Quadratic.from_condition_number`), et la figure
suit : à gauche, les courbes de niveau de l'objectif choisi et la trajectoire ; à droite, la
distance au minimum :math:`\\|z_t - w^*\\|` au fil des itérations (échelle logarithmique), à
côté de la prédiction de l'analyse pour la descente de gradient,
:math:`\\rho^t \\|z_0 - w^*\\|`.

Quand le paramètre change, le fond (courbes de niveau, titre) est redessiné sur les mêmes
Axes ; quand seul T ou le départ change, seul ce qui bouge l'est (blitting de
:class:`~course_utils.live_figure.LiveFigure`).
"""

import math

import ipywidgets as widgets
import numpy as np

from ._checks import (
    _shown,
    check_callable,
    check_choice,
    check_count,
    check_interval,
    check_objective,
    check_point,
    check_positive,
    check_real,
    check_text,
)
from ._figures import ALARM, COLORS
from .curves import iteration_locator
from .divergence import last_finite
from .french import french_axes
from .grids import region_of
from .live_figure import LiveFigure, slider
from .optimizers import METHODS, Verdict
from .plane import plot_contour
from .status import family_status, refused

__all__ = ["FamilyExplorer"]

#: valeurs « rondes » de l'axe des itérations
_NICE_T = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500)


class FamilyExplorer(LiveFigure):
    """La même descente sur une famille d'objectifs ``family(p)``, le paramètre p réglé par un
    curseur.

    Exemple (chapitre 2) : des cuvettes de plus en plus étirées, de conditionnement κ entre 1
    et 100, parcourues par la descente de gradient à son meilleur pas constant
    :math:`2/(L + \\mu)` ::

        FamilyExplorer(Quadratic.from_condition_number, values=(1, 100, 1), value=5,
                       symbol="κ", description="conditionnement κ")

    Un clic sur les courbes de niveau déplace le départ.

    Paramètres
    ----------
    family : une fonction p ↦ objectif à deux paramètres (qui connaît ``minimizer()``, ``L``
        et ``mu``, comme ``Quadratic`` ou ``LeastSquares``).
    values : (min, max, pas) du curseur du paramètre.
    value : la valeur de départ du paramètre (dans les bornes).
    symbol : str, le nom court du paramètre dans la ligne d'état (« κ »).
    description : None (le symbole) ou str, le libellé du curseur.
    method : str, un nom du registre :data:`~course_utils.optimizers.METHODS` sans tirage
        d'exemples (« gd », « heavy_ball »…).
    eta : « optimal » (le meilleur pas constant :math:`2/(L + \\mu)` de chaque objectif) ou un
        nombre > 0.
    alpha : le momentum des méthodes qui en ont un.
    T, w0 : le nombre d'itérations et le départ.
    region : None (celle du premier objectif) ou (w1_min, w1_max, w2_min, w2_max), la même
        pour tous.
    resolution : int, points par côté de la grille des courbes de niveau.
    T_max : None (max(100, T)) ou int, la borne du curseur T.

    Attributs
    ---------
    controls : dict des curseurs (« value », « T »).
    value : la valeur courante du paramètre ; ``objective`` : l'objectif correspondant.
    eta : le pas utilisé ; ``rate`` : le facteur asymptotique :math:`\\max_\\lambda |1 -
        \\eta\\lambda|` de la descente de gradient (None pour une autre méthode).
    trajectory : la trajectoire courante, de forme ``(T + 1, 2)``.
    figure : la Figure ; ``plane_axes`` et ``distance_axes`` : ses deux Axes.
    alert : le texte d'alerte écrit sur la figure (``""`` si aucun).
    status : la phrase sous la figure ; ``widget`` : la boîte à afficher.
    """

    def __init__(self, family, values, value, symbol="p", description=None, method="gd",
                 eta="optimal", alpha=0.5, T=30, w0=(-2.5, 2.0), region=None, resolution=121,
                 T_max=None):
        check_callable("family", family, "qui reçoit la valeur du curseur et renvoie un "
                       "objectif (par exemple Quadratic.from_condition_number)")
        low, high, step = self._check_values(values)
        value = check_real("value", value)
        if not low <= value <= high:
            raise ValueError(
                f"Le paramètre value doit être entre {low:g} et {high:g} (les bornes du "
                f"curseur) ; valeur reçue : {_shown(value)}.")
        self._family = family
        self.symbol = check_text("symbol", symbol, optional=False, empty=False)
        description = self.symbol if description is None else check_text(
            "description", description, optional=False, empty=False)
        stochastic = [name for name, m in METHODS.items() if m.uses_seed]
        deterministic = tuple(name for name in METHODS if name not in stochastic)
        self.method = check_choice("method", method, deterministic)
        if isinstance(eta, str):
            self._eta_rule = check_choice("eta", eta, ("optimal",))
        else:
            self._eta_rule = check_positive("eta", eta)
        self._alpha = check_interval("alpha", alpha, 0.0, 1.0)
        T = check_count("T", T)
        T_max = max(100, T) if T_max is None else check_count("T_max", T_max, low=T)
        self._w0 = np.array(check_point("w0", w0, 2, batch=False), dtype=float)
        self.objective = self._member(value)
        self.region = region_of(self.objective, region)
        self._resolution = check_count("resolution", resolution, low=2)
        self.controls = {
            "value": slider(widgets.FloatSlider, value=value, min=low, max=high, step=step,
                            description=description, readout_format=".4g"),
            "T": slider(widgets.IntSlider, value=T, min=0, max=T_max,
                        description="itérations T"),
        }
        self.controls["value"].observe(self._on_value, names="value")
        self.controls["T"].observe(self._on_T, names="value")
        self.trajectory = None
        self._build_figure()
        self.widget = self._box([widgets.HBox(list(self.controls.values())),
                                 self._canvas_view(), self.status_widget],
                                "course-family-explorer")
        self._update(new_member=False)

    # -- vérifications -----------------------------------------------------------------------
    @staticmethod
    def _check_values(values):
        try:
            low, high, step = (check_real("values", v) for v in values)
        except (TypeError, ValueError):
            raise TypeError(
                "Le paramètre values doit être un triplet (min, max, pas) de nombres, par "
                f"exemple (1, 100, 1) ; valeur reçue : {_shown(values)}.") from None
        if not (math.isfinite(low) and math.isfinite(high) and low < high and 0 < step
                and math.isfinite(step)):
            raise ValueError(
                "Le paramètre values doit être un triplet (min, max, pas) avec min < max et un "
                f"pas > 0 ; valeur reçue : {_shown(values)}.")
        return low, high, step

    def _member(self, value):
        """L'objectif de la famille pour ``value``, vérifié."""
        objective = self._family(value)
        check_objective(objective, two_params=True, name=f"family({value:g})")
        missing = [a for a in ("minimizer", "L", "mu") if not hasattr(objective, a)]
        if missing:
            raise TypeError(
                f"Le paramètre family doit renvoyer un objectif qui connaît son minimum et ses "
                f"courbures (minimizer(), L et mu, comme Quadratic ou LeastSquares) ; "
                f"family({value:g}) n'a pas {', '.join(missing)}.")
        return objective

    # -- ce que les tests et les carnets lisent ---------------------------------------------
    @property
    def value(self):
        """La valeur courante du paramètre."""
        return self.controls["value"].value

    @property
    def eta(self):
        """Le pas utilisé pour l'objectif courant."""
        if self._eta_rule == "optimal":
            return float(self.objective.optimal_step)
        return self._eta_rule

    @property
    def rate(self):
        """Le facteur asymptotique ρ de la méthode sur l'objectif courant (celui du registre :
        :math:`\\max_\\lambda |1 - \\eta\\lambda|` pour la descente de gradient), ou None si
        le registre ne le donne pas."""
        rate = METHODS[self.method].rate
        if rate is None:
            return None
        return rate(self.eta, self._alpha, (self.objective.mu, self.objective.L))

    @property
    def alert(self):
        """Le texte d'alerte écrit sur la figure (divergence, F qui augmente), ou ``""``."""
        return self._alert.get_text() if self._alert.get_visible() else ""

    @property
    def plane_axes(self):
        """L'Axes des courbes de niveau (où un clic déplace le départ)."""
        return self._ax

    @property
    def distance_axes(self):
        """L'Axes de la distance au minimum selon t."""
        return self._ax_d

    # -- la figure ---------------------------------------------------------------------------
    def _build_figure(self):
        fig = self._init_figure((10, 4.3))
        ax, axd = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.2]})
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9, wspace=0.15)
        self._ax, self._ax_d = ax, axd
        self._member_artists = []
        color = COLORS[0]
        (self._line,) = ax.plot([], [], "-o", color=color, ms=3, lw=1.4, zorder=5)
        (self._end,) = ax.plot([], [], "s", color=color, ms=7, mec="black", mew=0.8, zorder=6)
        (self._start,) = ax.plot([], [], "o", ms=10, mfc="white", mec="black", mew=1.5,
                                 zorder=7)
        self._alert = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color=ALARM, zorder=8,
                              bbox=dict(boxstyle="round", fc="white", ec=ALARM, alpha=0.9))
        label = METHODS[self.method].label
        (self._curve,) = axd.plot([], [], "-o", color=color, ms=3, lw=1.4,
                                  label=f"{label} (mesuré)")
        (self._predicted,) = axd.plot([], [], "--", color="gray", lw=1.5,
                                      label="prédiction $\\rho^t\\,\\|\\mathbf{z}_0 - "
                                            "\\mathbf{w}^*\\|$")
        self._predicted.set_visible(METHODS[self.method].rate is not None)
        axd.set_yscale("log")
        french_axes(axd)
        axd.xaxis.set_major_locator(iteration_locator())
        axd.set_xlabel("itération $t$")
        axd.set_ylabel("$\\|\\mathbf{z}_t - \\mathbf{w}^*\\|$")
        axd.set_title("Distance au minimum", fontsize=10)
        axd.grid(True, which="major", alpha=0.3)
        axd.legend(loc="upper right", fontsize=8)
        self._limits = None
        self._base = None
        self._draw_member()
        self._animated = [self._line, self._end, self._start, self._alert, self._curve,
                          self._predicted]
        self._start_drawing()

    def _draw_member(self):
        """Les courbes de niveau et le titre de l'objectif courant (les précédents sont
        retirés). Ils sont « animés » : le dessin complet ne les voit pas, et
        :meth:`_draw_member_layer` les pose sur le fond des Axes."""
        for artist in self._member_artists:
            artist.remove()
        before = set(self._ax.get_children())
        plot_contour(self._ax, self.objective, self.region, resolution=self._resolution,
                     title="")
        title = self._ax.text(0.5, 1.02, f"Trajectoire — {self.objective.name}",
                              transform=self._ax.transAxes, ha="center", va="bottom",
                              fontsize=10)
        self._member_artists = [a for a in self._ax.get_children() if a not in before]
        self._member_artists.remove(title)
        self._member_artists.append(title)  # le titre par-dessus
        for artist in self._member_artists:
            artist.set_animated(True)

    def _draw_member_layer(self):
        """Le fond de la figure = les Axes nus (``self._base``) + l'objectif courant : sauvé
        dans ``self._background``, que le blitting restaure ensuite à chaque changement."""
        self._canvas.restore_region(self._base)
        for artist in self._member_artists:
            self.figure.draw_artist(artist)
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)

    def _on_draw(self, event):
        """Après un dessin complet : le fond nu, puis l'objectif, puis ce qui bouge."""
        self._base = self._canvas.copy_from_bbox(self.figure.bbox)
        self._draw_member_layer()
        self._draw_animated()

    def _set_limits(self, limits):
        self._limits = limits
        (x0, x1), (y0, y1) = limits
        self._ax_d.set_xlim(x0, x1)
        self._ax_d.set_ylim(y0, y1)

    # -- événements --------------------------------------------------------------------------
    def _on_value(self, change):
        if self._suspended:
            return
        try:
            self.objective = self._member(change["new"])
        except (TypeError, ValueError) as err:
            self._show_status(refused(err))
            return
        self._update(new_member=True)

    def _on_T(self, change):
        if not self._suspended:
            self._update(new_member=False)

    def _clicked(self, x, y):
        """Un clic sur les courbes de niveau : le départ va au point cliqué (à 0,05 près)."""
        self._w0 = np.round(np.array([x, y]) / 0.05) * 0.05
        self._update(new_member=False)

    # -- calcul et dessin --------------------------------------------------------------------
    def _update(self, new_member):
        T = self.controls["T"].value
        objective, eta = self.objective, self.eta
        Z = METHODS[self.method].trajectory(objective, self._w0, eta, T, self._alpha, None)
        self.trajectory = Z
        w_star = np.asarray(objective.minimizer(), dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            d = np.linalg.norm(Z - w_star, axis=-1)
            values = objective.value(Z)
        d0 = float(d[0])
        rate = self.rate
        w1min, w1max, w2min, w2max = self.region
        span = max(w1max - w1min, w2max - w2min)
        shown = np.clip(Z, -1e3 * span, 1e3 * span)
        self._line.set_data(shown[:, 0], shown[:, 1])
        k = last_finite(shown) or 0
        self._end.set_data(shown[k : k + 1, 0], shown[k : k + 1, 1])
        self._start.set_data([self._w0[0]], [self._w0[1]])
        t = np.arange(T + 1)
        tiny = max(d0, 1e-300) * 1e-12
        self._curve.set_data(t, np.clip(d, tiny, 1e300))
        if rate is not None:
            with np.errstate(under="ignore", over="ignore"):
                self._predicted.set_data(t, np.clip(d0 * rate ** t.astype(float), tiny, 1e300))
        verdict = Verdict.of(values)
        alert = ""
        if verdict.diverged_at is not None:
            alert = f"diverge\n(F infini à l'étape {verdict.diverged_at})"
        elif verdict.went_up:
            alert = "s'éloigne du minimum\n(F a augmenté)"
        self._alert.set_text(alert)
        self._alert.set_visible(bool(alert))
        top = 10.0 ** math.ceil(math.log10(max(2.0 * d0, 1e-12)))
        xmax = next((v for v in _NICE_T if v >= T), T)
        limits = ((0.0, float(max(xmax, 1))), (top * 1e-6, top))
        full = limits != self._limits
        if new_member:
            self._draw_member()
        if full:
            self._set_limits(limits)
        elif new_member and self._background is not None:
            self._draw_member_layer()  # un nouveau fond, sans dessin complet
        self._blit(full)
        label = "2/(L+μ)" if self._eta_rule == "optimal" else None
        self._show_status(family_status(self.symbol, self.value, eta, rate, T,
                                        float(d[-1]), d0, verdict, eta_label=label))

    def __repr__(self):
        return (f"FamilyExplorer({self.symbol}={self.value:g}, méthode={self.method!r}, "
                f"T={self.controls['T'].value})")
